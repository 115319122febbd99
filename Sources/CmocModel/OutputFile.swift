import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a whole file through a temporary name renamed into place, so a reader never sees half a
/// file, with plain system calls: Foundation's `Data.write(to:)` costs several times more per file,
/// which a run writing two files per transcript (transcript and cache entry) feels on every document.
public enum OutputFile {
    /// Writes `bytes` to `path` (created with `mode`, replacing any file there). `sync` flushes the
    /// data to disk before the rename (for files that must survive a crash: keys). Returns nil on
    /// success, else the system's reason; the temporary file is removed on failure.
    public static func write<C: Collection<UInt8>>(
        _ bytes: C, to path: String, mode: mode_t = 0o644, sync: Bool = false
    ) -> String? {
        let temporary = temporaryName(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { return reason() }
        let ok = writeAll(fd, bytes) && (!sync || fsync(fd) == 0)
        let failure = ok ? nil : reason()
        close(fd)
        guard failure == nil, rename(temporary, path) == 0 else {
            let why = failure ?? reason()
            unlink(temporary)
            return why
        }
        return nil
    }

    /// Writes `bytes` as a new file at `path` without a temporary: any file there is removed first
    /// (so nothing is written through another name of it), and a failed write removes what it
    /// began. A reader can meet a half-written file, so this is only for files whose reader checks
    /// them whole (cache entries and texts, by layout and digest): one rename less per file.
    public static func replace<C: Collection<UInt8>>(_ bytes: C, at path: String, mode: mode_t = 0o644) -> String? {
        if unlink(path) != 0 && errno != ENOENT { return reason() }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { return reason() }
        let ok = writeAll(fd, bytes)
        let failure = ok ? nil : reason()
        close(fd)
        if let failure {
            unlink(path)
            return failure
        }
        return nil
    }

    /// Makes `path` a second name (hard link) of the file at `existing`, replacing any file at
    /// `path` through a renamed temporary link. Returns nil on success, else the system's reason
    /// (e.g. another file system): the caller then writes a copy.
    public static func link(_ existing: String, to path: String) -> String? {
        // Nothing there yet (the usual case: a run first removes what the last one wrote): one call.
        if Glibc.link(existing, path) == 0 { return nil }
        guard errno == EEXIST else { return reason() }
        let temporary = temporaryName(for: path)
        guard Glibc.link(existing, temporary) == 0 else { return reason() }
        guard rename(temporary, path) == 0 else {
            let why = reason()
            unlink(temporary)
            return why
        }
        return nil
    }

    /// A file written piece by piece under a temporary name and renamed into place by `finish`, so
    /// a reader never sees half of it; one that is not finished is removed.
    public final class Stream {
        public let path: String
        private let temporary: String
        private var fd: Int32

        /// Opens a new temporary file beside `path`; nil, with the system's reason, when it cannot.
        public static func open(_ path: String, mode: mode_t = 0o644) -> Result<Stream, Failure> {
            let temporary = OutputFile.temporaryName(for: path)
            let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            guard fd >= 0 else { return .failure(Failure(reason: OutputFile.reason())) }
            return .success(Stream(path: path, temporary: temporary, fd: fd))
        }

        private init(path: String, temporary: String, fd: Int32) {
            self.path = path
            self.temporary = temporary
            self.fd = fd
        }

        /// Appends `bytes`; nil on success, else the system's reason.
        public func write<C: Collection<UInt8>>(_ bytes: C) -> String? {
            guard fd >= 0 else { return "already closed" }
            return OutputFile.writeAll(fd, bytes) ? nil : OutputFile.reason()
        }

        /// Closes the file and renames it into place; nil on success, else the system's reason.
        public func finish() -> String? {
            guard fd >= 0 else { return "already closed" }
            let closed = close(fd) == 0
            fd = -1
            guard closed, rename(temporary, path) == 0 else {
                let why = OutputFile.reason()
                unlink(temporary)
                return why
            }
            return nil
        }

        deinit {
            // Not finished: nothing half-written stays behind.
            if fd >= 0 {
                close(fd)
                unlink(temporary)
            }
        }
    }

    /// Why a file could not be opened (the system's reason).
    public struct Failure: Error, Sendable {
        public var reason: String
    }

    /// A temporary name beside `path`: the process id and a counter keep temporaries of parallel
    /// writers (and processes) apart.
    fileprivate static func temporaryName(for path: String) -> String {
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path.utf8.index(after: $0) } ?? path.utf8.startIndex
        return "\(path[..<slash]).\(path[slash...]).\(getpid()).\(counter.add(1, ordering: .relaxed).newValue).tmp"
    }

    fileprivate static func writeAll<C: Collection<UInt8>>(_ fd: Int32, _ bytes: C) -> Bool {
        let done = bytes.withContiguousStorageIfAvailable { buffer in writeAll(fd, UnsafeRawBufferPointer(buffer)) }
        if let done { return done }
        return Array(bytes).withUnsafeBytes { writeAll(fd, $0) }
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var written = 0
        while written < buffer.count {
            let n = Glibc.write(fd, base + written, buffer.count - written)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            written += n
        }
        return true
    }

    fileprivate static func reason() -> String { String(cString: strerror(errno)) }

    /// A process-wide counter for temporary names.
    private static let counter = Atomic<Int>(0)
}

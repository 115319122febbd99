#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole file into bytes with plain system calls: one allocation of the file's size, no
/// `Data` in between (Foundation's `contents(atPath:)` then `[UInt8](data)` copies every byte
/// twice, which a run reading every transcript and cache entry feels).
public enum InputFile {
    /// The file's bytes; nil when it is not a regular file or cannot be opened or read. Reads until
    /// end of file, so a file that grows meanwhile is read whole.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var result: [UInt8] = []
        // One byte more than the size, so the end of file is seen without growing.
        var room = max(Int(info.st_size), 0) + 1
        while true {
            var failed = false
            var endOfFile = false
            let chunk = [UInt8](unsafeUninitializedCapacity: room) { buffer, count in
                count = 0
                guard let base = buffer.baseAddress else { return }
                while count < room {
                    let n = Glibc.read(fd, base + count, room - count)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failed = true; return }
                    if n == 0 { endOfFile = true; return }
                    count += n
                }
            }
            if failed { return nil }
            if result.isEmpty { result = chunk } else { result.append(contentsOf: chunk) }
            if endOfFile { return result }
            room = max(room, 1 << 16)
        }
    }
}

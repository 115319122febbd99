import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files only their owner may read: the key, its review list, shard results. Created with mode 0600
/// from the first byte (`O_CREAT | O_EXCL` on a temporary name), synced, then renamed into place, so
/// no other user can ever open them and a reader never sees half a file.
public enum ProtectedFile {
    /// Writes `data` to `url`; nil on success, else the system's reason.
    public static func write(_ data: Data, to url: URL) -> String? {
        let path = url.path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        var written = 0
        let ok = data.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                guard let base = buffer.baseAddress else { return false }
                let n = Glibc.write(fd, base + written, buffer.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return reason
        }
        return nil
    }
}

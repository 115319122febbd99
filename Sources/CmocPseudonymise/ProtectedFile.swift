import CmocModel
import Foundation

/// Files only their owner may read: the key, its review list, shard results. Created with mode 0600
/// from the first byte (`O_CREAT | O_EXCL` on a temporary name), synced, then renamed into place, so
/// no other user can ever open them and a reader never sees half a file (`OutputFile` does the writing).
public enum ProtectedFile {
    /// Writes `data` to `url`; nil on success, else the system's reason.
    public static func write(_ data: Data, to url: URL) -> String? {
        OutputFile.write(data, to: url.path, mode: 0o600, sync: true)
    }
}

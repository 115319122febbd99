import Foundation

extension URL {
    /// `path` taken relative to this folder (unless absolute or `~/…`), standardised.
    ///
    /// `URL(fileURLWithPath:relativeTo:)` treats a base without a trailing slash as a file and
    /// resolves against its parent, which is the wrong folder here.
    func resolving(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        if path == "~" || path.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            return URL(fileURLWithPath: home).appendingPathComponent(String(path.dropFirst(2))).standardizedFileURL
        }
        return appendingPathComponent(path).standardizedFileURL
    }
}

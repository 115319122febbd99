import CmocPipeline
import Foundation

/// A one-line progress display on stderr, only when stderr is a terminal.
enum ProgressLine {
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func make() -> (@Sendable (PipelineRunner.Progress) -> Void)? {
        guard isTerminal else { return nil }
        return { p in
            let mb = Double(p.bytesDone) / 1_000_000
            let rate = p.seconds > 0 ? mb / p.seconds : 0
            let left =
                p.documentsDone > 0
                ? p.seconds * Double(p.documentsTotal - p.documentsDone) / Double(p.documentsDone) : 0
            let line =
                "\r\(p.documentsDone)/\(p.documentsTotal) documents  \(String(format: "%.1f", rate)) MB/s  "
                + "\(clock(left)) left\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    static func clear() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}

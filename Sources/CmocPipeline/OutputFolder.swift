import CmocModel
import Foundation

/// Guards for where cmoc writes: the key never inside the outputs, never over a folder cmoc did not
/// write, never over the corpus.
public enum OutputFolder {
    /// The file that marks a folder as cmoc's own (and lists what was written).
    public static let marker = "run.json"
    /// Sub-folder kept between runs (per-document stage results).
    public static let cacheFolder = "cache"

    /// The path with symlinks resolved, also when the last parts do not exist yet.
    static func resolved(_ url: URL) -> URL {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var result = existing.resolvingSymlinksInPath()
        for part in rest { result.appendPathComponent(part) }
        return result.standardizedFileURL
    }

    /// True when `inner` is `outer` or lies below it.
    public static func contains(_ outer: URL, _ inner: URL) -> Bool {
        let o = resolved(outer).path, i = resolved(inner).path
        return i == o || i.hasPrefix(o.hasSuffix("/") ? o : o + "/")
    }

    /// Refuses a key file inside the output folder and an output folder that holds files cmoc did
    /// not write (so a mistyped `--output ~` cannot wipe a home folder).
    public static func check(output: URL, keyFile: URL, corpusRoot: URL? = nil) throws(DiagnosticError) {
        var problems: [Diagnostic] = []
        if contains(output, keyFile) {
            problems.append(
                Diagnostic(
                    .error, stage: "pseudonymise", at: SourceLocation(file: keyFile.path),
                    "the key file would be inside the output folder",
                    hint: "keep the key apart from the outputs: pass --key-file with a path outside \(output.path)"))
        }
        if let corpusRoot, contains(output, corpusRoot) || contains(corpusRoot, output) {
            problems.append(
                Diagnostic(
                    .error, stage: "reports", at: SourceLocation(file: output.path),
                    "the output folder overlaps the corpus folder",
                    hint: "choose an output folder outside the corpus, e.g. out/"))
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: output.path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue {
                problems.append(
                    Diagnostic(
                        .error, stage: "reports", at: SourceLocation(file: output.path),
                        "the output path is a file, not a folder", hint: "choose a folder for --output"))
            } else if let items = try? fm.contentsOfDirectory(atPath: output.path),
                !items.isEmpty, !items.contains(marker)
            {
                problems.append(
                    Diagnostic(
                        .error, stage: "reports", at: SourceLocation(file: output.path),
                        "the output folder is not empty and was not written by cmoc",
                        hint: "choose a new or empty folder; cmoc replaces only folders that hold its own run.json"))
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    /// Empties a folder cmoc wrote before (keeping its cache) or creates it.
    public static func prepare(_ output: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: output.appendingPathComponent(marker).path) {
            for item in try fm.contentsOfDirectory(atPath: output.path) where item != cacheFolder {
                try fm.removeItem(at: output.appendingPathComponent(item))
            }
        } else {
            try fm.createDirectory(at: output, withIntermediateDirectories: true)
        }
    }
}

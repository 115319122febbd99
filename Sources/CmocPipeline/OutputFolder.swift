import CmocModel
import CmocPseudonymise
import Foundation

/// Guards for where cmoc writes: the key never inside the outputs, never over a folder cmoc did not
/// write, never over the corpus.
public enum OutputFolder {
    /// The file that marks a folder as cmoc's own (and lists what was written).
    public static let marker = "run.json"
    /// Sub-folder kept between runs (per-document stage results).
    public static let cacheFolder = "cache"

    /// The path with symlinks resolved, also when the last parts do not exist yet (the key file's rule).
    static func resolved(_ url: URL) -> URL { KeyFile.resolved(url) }

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
            } else if let items = try? fm.contentsOfDirectory(atPath: output.path), !items.isEmpty,
                ownRun(in: output) == nil
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

    /// The outputs a previous cmoc run lists in the folder's run.json, when that file is cmoc's
    /// (it carries `cmoc_version`); nil for any other folder.
    static func ownRun(in output: URL) -> [String]? {
        guard let data = FileManager.default.contents(atPath: output.appendingPathComponent(marker).path),
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            json["cmoc_version"] is String
        else { return nil }
        return json["outputs"] as? [String] ?? []
    }

    /// Removes what the previous run wrote (the files its run.json lists; the cache stays), leaving
    /// anything else a user put there, or creates the folder.
    public static func prepare(_ output: URL) throws {
        let fm = FileManager.default
        guard let listed = ownRun(in: output) else {
            try fm.createDirectory(at: output, withIntermediateDirectories: true)
            return
        }
        var folders: Set<String> = []
        for path in listed + [Self.marker] {
            // Only plain relative paths inside the folder: a run.json cannot make cmoc delete elsewhere.
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.hasPrefix("/"), !parts.isEmpty, parts.first != Substring(cacheFolder),
                !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
            else { continue }
            let target = output.appendingPathComponent(path)
            // Through a symlinked sub-folder a path could still point outside: check where it lands.
            guard contains(output, target), resolved(target).path != resolved(output).path else { continue }
            try? fm.removeItem(at: target)
            for depth in 1..<parts.count { folders.insert(parts[0..<depth].joined(separator: "/")) }
        }
        // Folders left empty go too, deepest first.
        for folder in folders.sorted(by: { $0.count > $1.count }) {
            let url = output.appendingPathComponent(folder)
            if let items = try? fm.contentsOfDirectory(atPath: url.path), items.isEmpty { try? fm.removeItem(at: url) }
        }
    }
}

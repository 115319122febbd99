import BenchSupport
import Foundation

/// A deterministic synthetic corpus for the batch benchmark: mixed formats at realistic sizes,
/// with registry names, third-party names, identifiers and coding-relevant talk.
struct SyntheticCorpus {
    let root: URL
    let documents: Int
    let targetBytes: Int
    /// Formats in rotation: `txt`, `xml` (TEI), `vtt`; mixed is three plain-text files in five.
    var formats = ["txt", "txt", "txt", "xml", "vtt"]

    /// Writes sites.csv, participants.csv, documents.csv, transcripts and a pipeline file; returns
    /// the corpus size in bytes.
    func write(codebook: URL, cmocs: URL) throws -> Int {
        let fm = FileManager.default
        try? fm.removeItem(at: root)
        try fm.createDirectory(at: root.appendingPathComponent("t"), withIntermediateDirectories: true)
        var rng = SplitMix64(state: 42)
        let sites = (1...8).map { "S\($0)" }
        var sitesCSV = "id,name,region,deprivation_decile,integration_level,list_size\n"
        for (i, s) in sites.enumerated() {
            sitesCSV += "\(s),Benchmark Practice \(i + 1),North,\(i % 10 + 1),\(i % 2 == 0 ? "full" : "partial"),9000\n"
        }
        var participants = "id,name,aliases,role,site\nRES-1,Quennell Abernathy-Stroud,Dr Abernathy-Stroud,researcher,\n"
        let roles = [("LW", "link_worker"), ("GP", "gp"), ("PM", "practice_manager"), ("PT", "patient")]
        var people: [(id: String, name: String, site: String, label: String)] = []
        for (si, s) in sites.enumerated() {
            for (ri, (prefix, role)) in roles.enumerated() {
                let id = "\(prefix)-\(s)"
                let name = "Zorvath\(si)\(ri) Quillfeather\(si)\(ri)"
                participants += "\(id),\(name),Zorvath\(si)\(ri),\(role),\(s)\n"
                people.append((id, name, s, prefix))
            }
        }
        var manifest = "file,id,site,data_type,speakers\n"
        var total = 0
        let perDocument = max(2_000, targetBytes / max(1, documents))
        for d in 0..<documents {
            let site = sites[d % sites.count]
            let speaker = people.filter { $0.site == site }[d % 4]
            let format = formats[d % formats.count]
            let id = "D\(String(format: "%05d", d))"
            let text = transcript(format: format, speaker: speaker, bytes: perDocument, rng: &rng)
            let file = "t/\(id).\(format)"
            try Data(text.utf8).write(to: root.appendingPathComponent(file))
            total += text.utf8.count
            manifest += "\(file),\(id),\(site),interview,Interviewer=RES-1;\(speaker.label)=\(speaker.id)\n"
        }
        try Data(sitesCSV.utf8).write(to: root.appendingPathComponent("sites.csv"))
        try Data(participants.utf8).write(to: root.appendingPathComponent("participants.csv"))
        try Data(manifest.utf8).write(to: root.appendingPathComponent("documents.csv"))
        let pipeline = """
            pipeline: {id: bench}
            corpus: {root: ., manifest: documents.csv, participants: participants.csv, sites: sites.csv}
            codebook: \(codebook.path)
            cmocs: \(cmocs.path)
            outputs: {dir: ../bench-out}

            """
        try Data(pipeline.utf8).write(to: root.appendingPathComponent("pipeline.yml"))
        return total
    }

    func transcript(
        format: String, speaker: (id: String, name: String, site: String, label: String), bytes: Int,
        rng: inout SplitMix64
    ) -> String {
        SyntheticTranscript.render(
            format: format, label: speaker.label, name: String(speaker.name.split(separator: " ").first ?? ""),
            bytes: bytes, rng: &rng)
    }
}

import Foundation

/// A deterministic synthetic corpus for the batch benchmark: mixed formats at realistic sizes,
/// with registry names, third-party names, identifiers and coding-relevant talk.
struct SyntheticCorpus {
    /// SplitMix64: small, fast, and the same sequence on every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    }

    static let sentences = [
        "I think the GPs refer people to me now because they understand what I can offer.",
        "We don't really have a system for getting feedback on how patients are doing.",
        "It's not my job to sort out their housing, I signpost them to the council.",
        "When I first started nobody knew what a link worker was, to be honest.",
        "The practice manager made sure I was in the clinical meetings every week.",
        "She said the walking group had made a real difference to her mood.",
        "We use WEMWBS at the start and after twelve weeks, so we can show the change.",
        "Some of the doctors still think social prescribing is a bit fluffy, you know.",
        "I suppose it helps that reception can book people straight in with me.",
        "Loneliness, debt, housing, that's what most of the referrals are about really.",
        "I value having someone who can spend an hour with a patient, I just can't do that.",
        "There's never enough time in a ten minute appointment for the social stuff.",
        "We record everything on EMIS so the GP can see what happened after the referral.",
        "Honestly I didn't feel the role was understood by the nurses at first.",
        "The food bank and the men's shed are the ones I use most, they're brilliant.",
    ]
    static let thirdParty = ["Kirsty", "Declan", "Yusuf", "Marguerite", "Tobias", "Ngozi", "Rhiannon", "Lorcan"]

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
        var rng = Random(state: 42)
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
        rng: inout Random
    ) -> String {
        var turns: [(String, String)] = []
        var size = 0
        while size < bytes {
            var line = ""
            for _ in 0..<(2 + rng.int(4)) { line += rng.pick(Self.sentences) + " " }
            if rng.int(4) == 0 { line += "My daughter \(rng.pick(Self.thirdParty)) rang me on 07700 900\(100 + rng.int(800)). " }
            if rng.int(6) == 0 { line += "\(speaker.name.split(separator: " ")[0]) said it was fine. " }
            let who = turns.count % 2 == 0 ? "Interviewer" : speaker.label
            turns.append((who, line))
            size += line.utf8.count + 16
        }
        switch format {
        case "xml":
            var out = """
                <?xml version="1.0" encoding="UTF-8"?>
                <TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>b</title></titleStmt>
                <publicationStmt><p>synthetic</p></publicationStmt><sourceDesc><p>bench</p></sourceDesc></fileDesc>
                <profileDesc><particDesc><listPerson><person xml:id="Interviewer"/><person xml:id="\(speaker.label)"/></listPerson></particDesc></profileDesc>
                </teiHeader><text><body>

                """
            for (who, line) in turns { out += "<u who=\"#\(who)\">\(line)</u>\n" }
            return out + "</body></text></TEI>\n"
        case "vtt":
            var out = "WEBVTT\n\n"
            for (i, (who, line)) in turns.enumerated() {
                out += "\(i + 1)\n00:\(String(format: "%02d", i / 60 % 60)):\(String(format: "%02d", i % 60)).000 --> 00:\(String(format: "%02d", i / 60 % 60)):\(String(format: "%02d", i % 60)).900\n<v \(who)>\(line)</v>\n\n"
            }
            return out
        default:
            return turns.map { "\($0.0): \($0.1)" }.joined(separator: "\n\n") + "\n"
        }
    }
}

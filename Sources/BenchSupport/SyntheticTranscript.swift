/// Transcript text for the benchmarks: link-worker interview talk with coding-relevant phrases,
/// a third party named after a cue with a phone number, and the participant's own name, rendered
/// as plain text, TEI or WebVTT. The batch and ingest benchmarks read the very same files.
public enum SyntheticTranscript {
    public static let sentences = [
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
    public static let thirdParty = ["Kirsty", "Declan", "Yusuf", "Marguerite", "Tobias", "Ngozi", "Rhiannon", "Lorcan"]

    /// A transcript of about `bytes` bytes: turns alternate `Interviewer` and `label`; `name` (the
    /// participant's first name) turns up now and then. `format`: `txt`, `xml` (TEI) or `vtt`.
    public static func render(format: String, label: String, name: String, bytes: Int, rng: inout SplitMix64) -> String {
        var turns: [(String, String)] = []
        var size = 0
        while size < bytes {
            var line = ""
            for _ in 0..<(2 + rng.below(4)) { line += rng.pick(sentences) + " " }
            if rng.below(4) == 0 { line += "My daughter \(rng.pick(thirdParty)) rang me on 07700 900\(100 + rng.below(800)). " }
            if rng.below(6) == 0 { line += "\(name) said it was fine. " }
            turns.append((turns.count % 2 == 0 ? "Interviewer" : label, line))
            size += line.utf8.count + 16
        }
        switch format {
        case "xml":
            var out = """
                <?xml version="1.0" encoding="UTF-8"?>
                <TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>b</title></titleStmt>
                <publicationStmt><p>synthetic</p></publicationStmt><sourceDesc><p>bench</p></sourceDesc></fileDesc>
                <profileDesc><particDesc><listPerson><person xml:id="Interviewer"/><person xml:id="\(label)"/></listPerson></particDesc></profileDesc>
                </teiHeader><text><body>

                """
            for (who, line) in turns { out += "<u who=\"#\(who)\">\(line)</u>\n" }
            return out + "</body></text></TEI>\n"
        case "vtt":
            var out = "WEBVTT\n\n"
            for (i, (who, line)) in turns.enumerated() {
                let t = "00:\(two(i / 60 % 60)):\(two(i % 60))"
                out += "\(i + 1)\n\(t).000 --> \(t).900\n<v \(who)>\(line)</v>\n\n"
            }
            return out
        default:
            return turns.map { "\($0.0): \($0.1)" }.joined(separator: "\n\n") + "\n"
        }
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

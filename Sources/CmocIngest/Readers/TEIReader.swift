import CmocModel

/// Reads TEI spoken transcriptions (TEI P5 `u`, Parla-CLARIN, LaBB-CAT exports).
///
/// Unit: each `<u>` inside `<text>`, in document order; speaker: `@who` exactly as written
/// (`#KučanMilan`), nil when absent. Utterances split by an interruption and linked with
/// `@next`/`@prev` stay separate units, in document order (the interruption is a turn of its
/// own; merging them would misplace it). Text: nested `seg`/`s`/`w` flattened with spaces;
/// `note`, `incident`, `vocal`, `kinesic`, `pause`, `gap`, `desc`, `shift`, `anchor` and
/// `timeline` are not speech. Times: `@start`/`@end` or `@synch` pointing at `<when>` with
/// `@absolute` (seconds or clock) or `@interval` since an absolute point; untimed when missing.
/// Declared speakers: `person` elements, id `#xml:id` (matching the labels), name from `persName`.
enum TEIReader: TranscriptReader {
    static let format = TranscriptFormat.tei

    static let nonSpeech: Set<String> = [
        "note", "incident", "vocal", "kinesic", "pause", "gap", "desc", "shift", "anchor", "timeline", "fw",
        "del", "teiHeader",
    ]
    static let wordLevel: Set<String> = ["seg", "s", "w", "p", "ab", "lb", "pc", "c", "u"]

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let document = try SafeXML.parse(input)
        let root = document.root
        guard ["TEI", "teiCorpus", "TEI.2"].contains(root.name) else {
            throw input.fail(.notATranscript(format: .tei, detail: "root element is <\(root.name)>, not <TEI> or <teiCorpus>"))
        }
        let texts = root.descendants(named: "text", skipping: ["teiHeader"])
        let turns = texts.flatMap { $0.descendants(named: "u") }
        if turns.isEmpty, !root.descendants(named: "include").isEmpty {
            throw input.fail(.notATranscript(
                format: .tei, detail: "an XInclude corpus root with no utterances; read the component files instead"))
        }
        let times = timeline(texts)
        let utterances = turns.map { u in
            let (start, end) = span(u, times)
            return Utterance(speaker: u.attribute("who"), text: u.text(skipping: nonSpeech, breaking: wordLevel), start: start, end: end)
        }
        return ReaderOutput(utterances: utterances, declaredSpeakers: persons(root), encoding: document.encoding)
    }

    /// `when` id -> seconds, resolving `@interval` relative to `@since` where the anchor has a time.
    private static func timeline(_ texts: [XMLElement]) -> [String: Double] {
        var absolute: [String: Double] = [:]
        var relative: [(id: String, interval: Double, since: String)] = []
        for when in texts.flatMap({ $0.descendants(named: "when") }) {
            guard let id = when.attribute("xml:id") else { continue }
            if let a = when.attribute("absolute").flatMap(Timecode.seconds) {
                absolute[id] = a
            } else if let interval = when.attribute("interval").flatMap(Timecode.seconds), let since = when.attribute("since") {
                relative.append((id, interval, String(since.drop(while: { $0 == "#" }))))
            }
        }
        for r in relative { if let base = absolute[r.since] { absolute[r.id] = base + r.interval } }
        return absolute
    }

    private static func span(_ u: XMLElement, _ times: [String: Double]) -> (Double?, Double?) {
        func resolve(_ ref: Substring?) -> Double? {
            guard let ref else { return nil }
            let id = ref.hasPrefix("#") ? String(ref.dropFirst()) : String(ref)
            return times[id] ?? Timecode.seconds(id)
        }
        if let synch = u.attribute("synch") {
            let refs = synch.split(separator: " ")
            return (resolve(refs.first), refs.count > 1 ? resolve(refs.last) : nil)
        }
        return (resolve(u.attribute("start")?[...]), resolve(u.attribute("end")?[...]))
    }

    private static func persons(_ root: XMLElement) -> [SpeakerDeclaration] {
        root.descendants(named: "teiHeader").flatMap { $0.descendants(named: "person") }.compactMap { person in
            guard let id = person.attribute("xml:id") else { return nil }
            let name = person.firstElement(named: "persName").map { $0.text(breaking: ["forename", "surname", "roleName", "addName"]) }
            return SpeakerDeclaration(id: "#" + id, name: name?.isEmpty == false ? name : nil, role: person.attribute("role"))
        }
    }
}

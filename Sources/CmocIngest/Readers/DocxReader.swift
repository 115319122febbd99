import CmocModel

/// Reads Word `.docx` transcripts (ZIPFoundation in memory + libxml2 on `word/document.xml`).
///
/// Speakers, whichever way the document writes them: `Name:` text prefixes (the plain-text
/// rules), a bold run at the start of a paragraph, a paragraph styled as a heading holding only
/// a label (NVivo layout), old Teams blocks (`start --> end`, name, text in one paragraph), and
/// tables with a speaker column (by header `Speaker`, or a first column of recurring labels).
/// Heading, bold and header-less table labels must recur to count, so section titles and cover
/// sheets stay text. Every paragraph is kept; unlabelled ones continue the current speaker.
enum DocxReader: TranscriptReader {
    static let format = TranscriptFormat.docx

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let package = try DocxPackage(input)
        guard let documentXML = try package.part("word/document.xml") else {
            throw input.fail(.docxMissingPart("word/document.xml"))
        }
        let partName = input.displayName + "[word/document.xml]"
        let document = try SafeXML.parse(ReaderInput(bytes: documentXML, displayName: partName, options: input.options))
        var headingStyles: Set<String> = []
        if let stylesXML = try package.part("word/styles.xml") {
            let styles = try SafeXML.parse(ReaderInput(bytes: stylesXML, displayName: input.displayName + "[word/styles.xml]", options: input.options))
            headingStyles = headings(styles.root)
        }
        var lines: [ClassifiedLine] = []
        for block in WordParagraphs.blocks(document.root) {
            switch block {
            case .paragraph(let p): lines += paragraphLines(p, headingStyles: headingStyles)
            case .table(let rows): lines += tableLines(rows)
            }
            lines.append(blank)
        }
        return ReaderOutput(utterances: TurnAssembler.assemble(lines), encoding: document.encoding)
    }

    private static let blank = ClassifiedLine(candidate: nil, rest: [], whole: [], leadingTime: nil)

    /// Style ids whose id or name says heading (`Heading1`, `heading 2`, localised ids keep the name).
    private static func headings(_ styles: XMLElement) -> Set<String> {
        var ids: Set<String> = []
        for style in styles.elements(named: "style") {
            guard let id = style.attribute("w:styleId") else { continue }
            let name = style.firstElement(named: "name")?.attribute("w:val") ?? ""
            if id.lowercased().hasPrefix("heading") || name.lowercased().hasPrefix("heading") { ids.insert(id) }
        }
        return ids
    }

    private static func line(_ text: String) -> ClassifiedLine { LineClassifier.classify(Array(text.utf8)[...]) }

    private static func labelled(_ label: String, _ text: String, kind: LabelCandidate.Kind, start: Double? = nil, end: Double? = nil) -> ClassifiedLine {
        let rest = Array(text.utf8)[...]
        let whole = Array((label + " " + text).utf8)[...]
        return ClassifiedLine(candidate: LabelCandidate(label: label, kind: kind, start: start, end: end), rest: rest, whole: whole, leadingTime: nil)
    }

    static func paragraphLines(_ p: WordParagraph, headingStyles: Set<String>) -> [ClassifiedLine] {
        let text = p.text
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Old Teams export: `0:0:0.0 --> 0:0:5.0` ⏎ name ⏎ text, one paragraph per cue.
        if parts.count >= 2, CaptionCues.isTiming(Array(parts[0].utf8)[...]) {
            let (start, end) = CaptionCues.times(Array(parts[0].utf8)[...])
            let name = ByteText.collapsed(parts[1])
            return [labelled(name, parts.dropFirst(2).joined(separator: " "), kind: .structuralStrong, start: start, end: end)]
        }
        let trimmed = ByteText.collapsed(text)
        if let style = p.styleID, headingStyles.contains(style) || style.lowercased().hasPrefix("heading"),
           SpeakerLabelRules.quality(Array(trimmed.utf8)[...]) != nil {
            return [labelled(trimmed, "", kind: .structuralWeak)]
        }
        if let (label, rest) = boldLead(p), line(text).candidate?.kind != .colon {
            return [labelled(label, rest, kind: .structuralWeak)]
        }
        return parts.map(line)
    }

    /// Leading bold runs (a label without a colon) and the rest of the paragraph.
    private static func boldLead(_ p: WordParagraph) -> (String, String)? {
        var label = ""
        var index = 0
        while index < p.runs.count, p.runs[index].bold || ByteText.collapsed(p.runs[index].text).isEmpty {
            label += p.runs[index].text
            index += 1
        }
        let name = ByteText.collapsed(label)
        guard !name.isEmpty, SpeakerLabelRules.quality(Array(name.utf8)[...]) != nil else { return nil }
        return (name, p.runs[index...].map(\.text).joined())
    }

    /// Table rows as labelled lines when a speaker column can be found, else as text lines.
    static func tableLines(_ rows: [[String]]) -> [ClassifiedLine] {
        guard let header = rows.first, header.count >= 2 else { return rows.map { line($0.joined(separator: " ")) } }
        let names = header.map { ByteText.collapsed($0).lowercased() }
        var body = rows[...]
        var speakerColumn: Int?
        var kind = LabelCandidate.Kind.structuralWeak
        if let s = names.firstIndex(where: { ["speaker", "speakers", "name", "who", "participant"].contains($0) }) {
            speakerColumn = s
            kind = .structuralStrong
            body = rows.dropFirst()
        } else if rows.filter({ SpeakerLabelRules.quality(Array(ByteText.collapsed($0.first ?? "").utf8)[...]) != nil }).count * 2 >= rows.count {
            speakerColumn = 0
        }
        let timeColumn = names.firstIndex(where: { ["time", "timespan", "timestamp", "start", "start time"].contains($0) })
        guard let speakerColumn else { return rows.map { line($0.joined(separator: " ")) } }
        return body.map { cells in
            let label = speakerColumn < cells.count ? ByteText.collapsed(cells[speakerColumn]) : ""
            let text = cells.enumerated().filter { $0.offset != speakerColumn && $0.offset != timeColumn }.map(\.element)
                .joined(separator: " ")
            var start: Double?
            if let timeColumn, timeColumn < cells.count {
                let t = Array(ByteText.collapsed(cells[timeColumn]).utf8)[...]
                start = Timecode.scanAny(t, at: t.startIndex)?.0
            }
            guard !label.isEmpty else { return line(text) }
            return labelled(label, text, kind: kind, start: start)
        }
    }
}

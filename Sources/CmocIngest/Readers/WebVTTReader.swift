import CmocModel

/// Reads WebVTT captions (Teams, Zoom, YouTube): one utterance per voice span per cue.
///
/// Speaker: `<v Name>` / `<v.class Name>` annotation; a class-only `<v.speaker1>` gives the class;
/// a Zoom payload `Name: text` gives the prefix when it is label-shaped and recurs. Other tags
/// are stripped; `NOTE`, `STYLE` and `REGION` blocks skipped; empty voice spans kept (they are
/// units), empty unvoiced text dropped.
enum WebVTTReader: TranscriptReader {
    static let format = TranscriptFormat.webvtt

    private struct Segment {
        var speaker: String?
        var text: [UInt8]
        var voiced: Bool
    }

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let text = try input.decodedText()
        var pending: [PendingCaption] = []
        for cue in CaptionCues.cues(text.bytes) {
            for segment in segments(cue.payload) {
                let body = ByteText.decodeEntities(ByteText.collapsed(segment.text[...]))
                if segment.voiced {
                    let unit = Utterance(speaker: segment.speaker, text: body, start: cue.start, end: cue.end)
                    pending.append(PendingCaption(candidate: nil, unit: unit, original: body))
                } else if !body.isEmpty {
                    // Zoom cloud recordings: `Name: text` in the payload.
                    pending.append(.from(body, start: cue.start, end: cue.end, kinds: [.colon]))
                }
            }
        }
        return ReaderOutput(utterances: PendingCaption.resolve(pending, capitalsAreCredible: false), encoding: text.encoding)
    }

    /// Splits a payload at voice spans.
    private static func segments(_ payload: [ArraySlice<UInt8>]) -> [Segment] {
        var joined: [UInt8] = []
        for (k, line) in payload.enumerated() {
            if k > 0 { joined.append(0x0A) }
            joined.append(contentsOf: line)
        }
        var segments: [Segment] = [Segment(speaker: nil, text: [], voiced: false)]
        var i = 0
        while i < joined.count {
            let b = joined[i]
            guard b == 0x3C, let close = joined[i...].firstIndex(of: 0x3E) else {
                segments[segments.count - 1].text.append(b)
                i += 1
                continue
            }
            let tag = joined[(i + 1)..<close]
            if let first = tag.first, first == 0x76, tag.count == 1 || tag[tag.startIndex + 1] == 0x2E || ByteText.isSpace(tag[tag.startIndex + 1]) {
                segments.append(Segment(speaker: voiceLabel(tag.dropFirst()), text: [], voiced: true))
            } else if tag.elementsEqual("/v".utf8) {
                segments.append(Segment(speaker: nil, text: [], voiced: false))
            }
            i = close + 1
        }
        return segments.filter { $0.voiced || !ByteText.isBlank($0.text[...]) }
    }

    /// `.class1.class2 Annotation` -> the annotation, else the first class.
    private static func voiceLabel(_ rest: ArraySlice<UInt8>) -> String? {
        var classes: ArraySlice<UInt8> = []
        var annotation: ArraySlice<UInt8> = []
        if let space = rest.firstIndex(where: ByteText.isSpace) {
            classes = rest[rest.startIndex..<space]
            annotation = ByteText.trimmed(rest[space...])
        } else {
            classes = rest
        }
        if !annotation.isEmpty { return ByteText.decodeEntities(ByteText.collapsed(annotation)) }
        let firstClass = classes.split(separator: 0x2E).first
        return firstClass.map(ByteText.string)
    }
}

import CmocModel

/// Reads WebVTT captions (Teams, Zoom, YouTube): one utterance per voice span per cue.
///
/// Speaker: `<v Name>` / `<v.class Name>` annotation; a class-only `<v.speaker1>` gives the class;
/// a Zoom payload `Name: text` gives the prefix when it is label-shaped and recurs. Other tags
/// are stripped; `NOTE`, `STYLE` and `REGION` blocks skipped; empty voice spans kept (they are
/// units), empty unvoiced text dropped.
enum WebVTTReader: TranscriptReader {
    static let format = TranscriptFormat.webvtt

    /// A voice span (or the text outside one), its text already collapsed.
    struct Segment: Equatable {
        var speaker: String?
        var text: String
        var voiced: Bool
    }

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let text = try input.decodedText()
        var pending: [PendingCaption] = []
        var scratch: [Range<Int>] = []
        for cue in CaptionCues.cues(text.bytes) {
            for segment in segments(cue.body, scratch: &scratch) {
                let body = ByteText.decodeEntities(segment.text)
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

    /// Splits a payload (its lines joined by line feeds) at voice spans; other tags are dropped
    /// and the text between them joined. Unvoiced blank text is left out. `scratch` is working
    /// storage, reused from cue to cue.
    static func segments(_ payload: ArraySlice<UInt8>, scratch pieces: inout [Range<Int>]) -> [Segment] {
        pieces.removeAll(keepingCapacity: true)
        return payload.withUnsafeBufferPointer { buffer in
            var segments: [Segment] = []
            // The text of the open segment: `pieces` of `buffer` between tags.
            var speaker: String?
            var voiced = false
            func closeSegment() {
                let text = ByteText.collapsed(buffer, pieces: pieces)
                if voiced || !text.isEmpty { segments.append(Segment(speaker: speaker, text: text, voiced: voiced)) }
                pieces.removeAll(keepingCapacity: true)
            }
            let n = buffer.count
            var i = 0
            var pieceStart = 0
            // From one `<` to the next; a `<` with no `>` after it, and all that follows, is text.
            while i < n, let lt = ByteText.firstOffset(of: 0x3C, in: UnsafeBufferPointer(rebasing: buffer[i...])).map({ i + $0 }),
                  let gt = ByteText.firstOffset(of: 0x3E, in: UnsafeBufferPointer(rebasing: buffer[(lt + 1)...])).map({ lt + 1 + $0 }) {
                if pieceStart < lt { pieces.append(pieceStart..<lt) }
                let tag = buffer[(lt + 1)..<gt]
                if let first = tag.first, first == 0x76,
                   tag.count == 1 || tag[tag.startIndex + 1] == 0x2E || ByteText.isSpace(tag[tag.startIndex + 1]) {
                    closeSegment()
                    speaker = voiceLabel(ArraySlice(tag.dropFirst()))
                    voiced = true
                } else if tag.elementsEqual("/v".utf8) {
                    closeSegment()
                    speaker = nil
                    voiced = false
                }
                i = gt + 1
                pieceStart = i
            }
            if pieceStart < n { pieces.append(pieceStart..<n) }
            closeSegment()
            return segments
        }
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

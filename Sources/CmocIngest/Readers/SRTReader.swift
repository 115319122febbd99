import CmocModel

/// Reads SubRip subtitles: one utterance per cue, or per dialogue-dash line when a cue holds a
/// change of speaker. Speakers only where a cue writes `NAME:` or `[NAME]` (accepted with the
/// plain-text label rules); otherwise none.
enum SRTReader: TranscriptReader {
    static let format = TranscriptFormat.srt

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let text = try input.decodedText()
        var pending: [PendingCaption] = []
        for cue in CaptionCues.cues(text.bytes) {
            for part in dialogueParts(cue.payload) {
                let body = ByteText.decodeEntities(ByteText.collapsed(CaptionCues.stripTags(part[...])[...]))
                guard !body.isEmpty else { continue }
                pending.append(.from(body, start: cue.start, end: cue.end, kinds: [.colon, .bracket]))
            }
        }
        return ReaderOutput(utterances: PendingCaption.resolve(pending, capitalsAreCredible: true), encoding: text.encoding)
    }

    /// Lines of a cue grouped into parts: each `- ` dialogue line starts a new part.
    private static func dialogueParts(_ payload: [ArraySlice<UInt8>]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        for raw in payload {
            let line = ByteText.trimmed(raw)
            let isDash = line.first == 0x2D && line.count > 1 && line[line.startIndex + 1] != 0x2D
            if isDash || parts.isEmpty {
                parts.append(Array(isDash ? ByteText.trimmed(line.dropFirst()) : line))
            } else {
                parts[parts.count - 1].append(0x20)
                parts[parts.count - 1].append(contentsOf: line)
            }
        }
        return parts
    }
}

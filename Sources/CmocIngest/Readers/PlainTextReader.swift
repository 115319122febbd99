import CmocModel
import Foundation

/// Reads plain-text transcripts as people type them and services export them (labels with
/// colons or brackets, Otter, Zoom, TranscribeMe, Rev layouts, or no speakers at all).
///
/// Needs: decoded text. Provides: one utterance per labelled paragraph/line; continuation lines
/// joined to it; unlabelled paragraphs kept with no speaker.
enum PlainTextReader: TranscriptReader {
    static let format = TranscriptFormat.plaintext

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let text = try input.decodedText()
        // Lines are classified as they are split: no array of line slices in between.
        var classified: [ClassifiedLine] = []
        if let pattern = input.options.labelPattern {
            let matcher = try CustomLabelPattern(pattern, displayName: input.displayName)
            ByteText.forEachLine(text.bytes) { classified.append(matcher.classify($0)) }
        } else {
            ByteText.forEachLine(text.bytes) { classified.append(LineClassifier.classify($0)) }
        }
        // Unit texts are made of the decoded bytes and spaces: ASCII when the decoded text is.
        return ReaderOutput(
            utterances: TurnAssembler.assemble(classified), encoding: text.encoding, textIsASCII: text.isASCII)
    }
}

/// A caller-supplied label regex with a named group `speaker` (optional group `time`), compiled once.
struct CustomLabelPattern {
    private let regex: NSRegularExpression
    private let hasTime: Bool

    init(_ pattern: String, displayName: String) throws(DiagnosticError) {
        do {
            regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        } catch {
            throw IngestError.invalidLabelPattern(pattern: pattern, detail: "it does not compile").error(in: displayName)
        }
        guard pattern.contains("(?<speaker>") else {
            throw IngestError.invalidLabelPattern(pattern: pattern, detail: "it has no named group 'speaker'")
                .error(in: displayName)
        }
        hasTime = pattern.contains("(?<time>")
    }

    func classify(_ raw: ArraySlice<UInt8>) -> ClassifiedLine {
        let line = ByteText.trimmed(raw)
        var result = ClassifiedLine(candidate: nil, rest: line, whole: line, leadingTime: nil)
        let string = ByteText.string(line)
        let ns = string as NSString
        guard let match = regex.firstMatch(in: string, options: [.anchored], range: NSRange(location: 0, length: ns.length))
        else { return result }
        let speakerRange = match.range(withName: "speaker")
        guard speakerRange.location != NSNotFound else { return result }
        let label = ByteText.collapsed(ns.substring(with: speakerRange))
        guard !label.isEmpty else { return result }
        var time: Double?
        if hasTime {
            let timeRange = match.range(withName: "time")
            if timeRange.location != NSNotFound { time = Timecode.seconds(ns.substring(with: timeRange)) }
        }
        // NSRegularExpression ranges are UTF-16: convert the end of the match back to a UTF-8 offset.
        let restString = ns.substring(from: match.range.location + match.range.length)
        let restBytes = Array(restString.utf8)
        result.rest = line[(line.endIndex - restBytes.count)...]
        result.candidate = LabelCandidate(label: label, kind: .custom, start: time)
        return result
    }
}

import CmocModel

/// Reads CHAT `.cha` transcripts (TalkBank).
///
/// Unit: each main tier `*CODE:` with its TAB continuation lines; speaker = the code as written
/// (`SUB`). Dependent tiers (`%mor:`, `%com:`…) and headers are not speech. Media bullets
/// `NAK start_end NAK` (milliseconds) give the unit's start (first bullet) and end (last
/// bullet) and are removed from the text, as are C0 control characters CA files put in words.
/// Declared speakers: `@Participants:` (which may continue over several lines).
enum CHATReader: TranscriptReader {
    static let format = TranscriptFormat.chat
    static let nak: UInt8 = 0x15

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let text = try input.decodedText()
        // Logical lines: a line starting with TAB continues the previous one.
        var logical: [[UInt8]] = []
        for line in ByteText.lines(text.bytes) {
            if line.first == 0x09, !logical.isEmpty {
                logical[logical.count - 1].append(0x20)
                logical[logical.count - 1].append(contentsOf: line.dropFirst())
            } else {
                logical.append(Array(line))
            }
        }
        var units: [Utterance] = []
        var declared: [SpeakerDeclaration] = []
        for line in logical {
            guard let colon = line.firstIndex(of: 0x3A) else { continue }
            if line.first == 0x2A {
                let code = ByteText.string(line[1..<colon])
                let (body, start, end) = removeBullets(line[(colon + 1)...])
                units.append(Utterance(speaker: code, text: ByteText.collapsed(body[...]), start: start, end: end))
            } else if ByteText.hasPrefixIgnoringCase(line[...], "@Participants:") {
                declared = participants(line[(colon + 1)...])
            }
        }
        return ReaderOutput(utterances: units, declaredSpeakers: declared, encoding: text.encoding)
    }

    /// `CHI Eve Target_Child, MOT Sue Mother` -> code, optional name, role.
    private static func participants(_ s: ArraySlice<UInt8>) -> [SpeakerDeclaration] {
        s.split(separator: 0x2C).compactMap { entry in
            let words = ByteText.collapsed(entry).split(separator: " ").map(String.init)
            guard let code = words.first else { return nil }
            let name = words.count >= 3 ? words[1..<(words.count - 1)].joined(separator: " ") : nil
            let role = words.count >= 2 ? words.last : nil
            return SpeakerDeclaration(id: code, name: name, role: role)
        }
    }

    /// The text without media bullets and control characters, and the first start / last end (seconds).
    static func removeBullets(_ s: ArraySlice<UInt8>) -> ([UInt8], Double?, Double?) {
        var out: [UInt8] = []
        var start: Double?
        var end: Double?
        var i = s.startIndex
        while i < s.endIndex {
            let b = s[i]
            if b == nak, let close = s[(i + 1)...].firstIndex(of: nak) {
                // `1_21510` or the older `%snd:"file"_1_21510`: the last two numbers are the times.
                let numbers = s[(i + 1)..<close].split(whereSeparator: { !ByteText.isDigit($0) }).suffix(2)
                if numbers.count == 2, let a = Int(ByteText.string(numbers[numbers.startIndex])),
                   let z = Int(ByteText.string(numbers[numbers.startIndex + 1])) {
                    if start == nil { start = Timecode.plausible(Double(a) / 1000) }
                    end = Timecode.plausible(Double(z) / 1000)
                }
                out.append(0x20)
                i = close + 1
                continue
            }
            if b < 0x20 && b != 0x09 && b != 0x0A {
                i += 1
                continue
            }
            out.append(b)
            i += 1
        }
        return (out, start, end)
    }
}

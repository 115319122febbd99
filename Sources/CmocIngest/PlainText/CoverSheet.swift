/// Finds a cover sheet at the top of a plain-text transcript: the `KEY: value` metadata block
/// (`INTERVIEWER: RES-1`, `DATE: 14 March 2025`, `Observer: RES-1`) that precedes the dialogue.
///
/// Its lines are never speaker turns, whatever their keys look like (`INTERVIEWER:` names a role).
/// The caller keeps their text as unattributed text (speaker nil), one unit per paragraph like any
/// other text before the first turn, so nothing is lost and nothing is attributed to anyone.
///
/// The block is the first paragraph of the file (up to a blank or separator line such as `-----`)
/// and counts as a cover sheet when all of these hold:
/// - it is closed by a blank or separator line;
/// - its `key:` candidates have distinct keys (dialogue alternates and repeats labels);
/// - no line is a question (ends in `?`);
/// - some value starts with a code, date or number (`RES-1`, `S1-INT-01`, `14 March 2025`, `52 minutes`);
/// - some key is never used as a label after the block (`PROJECT`, `DATE`, `Observer`), so a first
///   paragraph of real dialogue whose labels recur is left alone.
enum CoverSheet {
    typealias Bytes = ArraySlice<UInt8>

    /// The indices of the cover-sheet lines, or an empty range.
    static func range(_ lines: [ClassifiedLine]) -> Range<Int> {
        guard let first = lines.firstIndex(where: { !$0.isBlank }) else { return 0..<0 }
        guard let close = lines[first...].firstIndex(where: { $0.isBlank || isSeparator($0.whole) }) else {
            return 0..<0
        }
        let block = lines[first..<close]
        var keys: Set<String> = []
        var hasMetadataValue = false
        for line in block {
            if line.whole.last == 0x3F { return 0..<0 }  // ?
            guard let c = line.candidate, c.kind == .colon else { continue }
            guard keys.insert(c.label).inserted else { return 0..<0 }
            if startsWithCodeOrNumber(line.rest) { hasMetadataValue = true }
        }
        guard hasMetadataValue else { return 0..<0 }
        var laterLabels: Set<String> = []
        for i in close..<lines.endIndex {
            if let label = lines[i].candidate?.label { laterLabels.insert(label) }
        }
        guard !keys.isSubset(of: laterLabels) else { return 0..<0 }
        return first..<close
    }

    /// A line made only of one repeated rule character (`-----`, `=====`, `* * *`), at least three.
    static func isSeparator(_ line: Bytes) -> Bool {
        let marks = line.filter { !ByteText.isSpace($0) }
        guard marks.count >= 3, let mark = marks.first, [0x2D, 0x3D, 0x2A, 0x5F, 0x7E, 0x23].contains(mark) else {
            return false
        }
        return marks.allSatisfy { $0 == mark }
    }

    /// The value's first token carries a digit: a code (`RES-1`, `P07`), a date or a quantity.
    private static func startsWithCodeOrNumber(_ value: Bytes) -> Bool {
        let token = value.prefix { !ByteText.isSpace($0) && $0 != 0x2C && $0 != 0x3B }  // , ;
        return token.contains(where: ByteText.isDigit)
    }
}

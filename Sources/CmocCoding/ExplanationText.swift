import CmocModel
import Foundation

extension TurnExplanation {
    /// The turn as `cmoc explain` prints it: the text, a line under it marking negation
    /// triggers `^` and their scope `~`, a line marking hedges `?` and their sentence `.`, then
    /// one line per hit: code, rule, direction and the turn with the hit's words in `[[ ]]`.
    public func rendered(_ turn: Turn) -> String {
        let head = "turn \(turn.index)\(turn.speaker.map { " (\($0))" } ?? "")"
        var out = "\(head): \(turn.text)\n"
        let indent = head.count + 2
        let bytes = Array(turn.text.utf8)
        let width = turn.text.count
        func column(_ offset: Int) -> Int {
            String(decoding: bytes[0..<min(max(offset, 0), bytes.count)], as: UTF8.self).count
        }
        func underline(_ marks: [(ByteSpan, Character)], label: String) -> String {
            var line = [Character](repeating: " ", count: width)
            for (span, mark) in marks {
                let from = column(span.start)
                for c in from..<max(from, column(span.end)) where c < width { line[c] = mark }
            }
            while line.last == " " { line.removeLast() }
            return String(repeating: " ", count: indent) + String(line) + "   \(label)\n"
        }
        if !negations.isEmpty {
            out += underline(negations.flatMap { [($0.scope, Character("~")), ($0.trigger, Character("^"))] }, label: "negation")
        }
        if !hedges.isEmpty {
            out += underline(hedges.flatMap { [($0.scope, Character(".")), ($0.trigger, Character("?"))] }, label: "hedge")
        }
        for hit in hits {
            out += "  \(hit.codeID)  \(hit.ruleID)  \(hit.direction.rawValue)  \(ExampleRunner.mark(turn.text, [hit.span]))\n"
        }
        return out
    }
}

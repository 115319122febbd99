import CmocModel
import Foundation
import Testing

@testable import CmocPseudonymise

/// A large output is scanned in blocks of lines; the findings must be exactly those of one pass
/// over the whole text, names broken across a block's last line end included.
@Suite struct LeakGuardBlockTests {
    @Test func blocksFindWhatOnePassFinds() {
        let registry = Registry(
            participants: [Participant(id: "LW-X1", name: "Zebedee Quartermaine", role: "link_worker", site: "X1")])
        let guardian = LeakGuard(registry: registry, key: PseudonymKey())
        var text = ""
        var line = 0
        while text.utf8.count < 5 * LeakGuard.blockSize {
            line += 1
            switch line % 997 {
            case 0: text += "row \(line), and then Zebedee\n"  // broken across a line end…
            case 1 where line > 1: text += "Quartermaine said so\n"  // …finished on the next line
            case 500: text += "Mr Quartermaine's referral came in\n"
            default: text += "filler line \(line) with ordinary words about referrals and feedback\n"
            }
        }
        let bytes = Array(text.utf8)
        let whole = guardian.scanBlock(bytes, file: "big.csv")
        let blocked = guardian.scan(bytes: bytes, file: "big.csv")
        #expect(whole.count >= 10)
        #expect(blocked == whole)
        // Read from disk a few blocks at a time: the same findings.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-leak-\(UUID().uuidString).csv")
        try? Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(guardian.scan(fileAt: url, file: "big.csv") == whole)
        #expect(guardian.scan(fileAt: url.appendingPathExtension("missing"), file: "x") == nil)
    }

    /// A large text whose last line has no line end: a name there is found, in memory as on disk.
    @Test(arguments: ["Zebedee", "and then ZEBEDEE", "Mr Quartermaine"])
    func aNameOnAnUnendedLastLineIsFound(_ last: String) {
        let registry = Registry(
            participants: [Participant(id: "LW-X1", name: "Zebedee Quartermaine", role: "link_worker", site: "X1")])
        let guardian = LeakGuard(registry: registry, key: PseudonymKey())
        var text = ""
        var lines = 0
        // Two and a half blocks: the last block holds lines with ends and then the unended one.
        while text.utf8.count < 5 * LeakGuard.blockSize / 2 {
            text += "filler line with ordinary words about referrals and feedback\n"
            lines += 1
        }
        text += last
        let bytes = Array(text.utf8)
        let whole = guardian.scanBlock(bytes, file: "big.csv")
        #expect(whole.map(\.line) == [lines + 1])
        #expect(guardian.scan(bytes: bytes, file: "big.csv") == whole)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-leak-\(UUID().uuidString).csv")
        try? Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(guardian.scan(fileAt: url, file: "big.csv") == whole)
    }
}

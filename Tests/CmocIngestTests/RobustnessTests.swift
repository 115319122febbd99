import CmocModel
import Foundation
import Testing

@testable import CmocIngest

/// Mutated and truncated inputs in every format must give a document or a diagnostic, never a
/// crash: a deterministic fuzz pass over the fixtures and synthetic samples.
@Suite("Robustness")
struct RobustnessTests {
    /// xorshift64*: small, seedable, deterministic across platforms.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let samples: [(String, String)] = [
        ("a.txt", "Interviewer: hi\n[Jo] 11:02:09\nthere\nS1 00:00:01.717 x\nSpeaker 1  0:03\n(00:01) A: b\n#B: c\n"),
        ("a.vtt", "WEBVTT\n\nNOTE x\n\n1\n00:00:01.000 --> 00:00:02.000\n<v.a B>x</v> <c>y</c><00:01.5> z\nA: b\n"),
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\n- [A] x\n- B: y\n"),
        ("a.cha", "@UTF8\n@Participants:\tA a b, B\n*A:\tx \u{15}1_2\u{15}\n\ty\n%com:\tz\n"),
    ]

    static let fixtures = ["tei-small.xml", "overlap.trs", "order.eaf", "order.exb", "sample.cha", "mapped.xml"]

    @Test("mutations and truncations never crash")
    func mutations() throws {
        var rng = Seeded(state: 0x9E37_79B9_7F4A_7C15)
        var inputs: [(String, [UInt8])] = Self.samples.map { ($0.0, Array($0.1.utf8)) }
        for name in Self.fixtures { inputs.append((name, try TestSupport.fixture(name))) }
        inputs.append(("a.docx", try DocxBuilder.docx(DocxBuilder.p("Interviewer: hi") + DocxBuilder.p("P1: yo"))))
        var options = IngestOptions()
        options.xmlMapping = XMLMapping(turn: "//*[@by]", speaker: "@by", start: "@from")
        var outcomes = (documents: 0, diagnostics: 0)
        for (name, original) in inputs {
            for _ in 0..<150 {
                var bytes = original
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
                case 1:
                    for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                default:
                    let at = Int.random(in: 0...bytes.count, using: &rng)
                    bytes.insert(contentsOf: [0x3C, 0x3A, 0x5B, 0x0A, 0x15, 0x2D, 0x3E][..<Int.random(in: 1...7, using: &rng)], at: at)
                }
                do {
                    let d = try Ingest.read(bytes: bytes, displayName: name, id: "f", options: name == "mapped.xml" ? options : IngestOptions())
                    _ = d.mergedTurns
                    outcomes.documents += 1
                } catch {
                    #expect(!error.diagnostics.isEmpty)
                    #expect(error.diagnostics.allSatisfy { $0.location?.file.hasPrefix(name) == true })
                    outcomes.diagnostics += 1
                }
            }
        }
        // Both paths were exercised.
        #expect(outcomes.documents > 100)
        #expect(outcomes.diagnostics > 100)
    }

    @Test("damaged .docx packages are refused, never trap inside the ZIP reader")
    func damagedZip() throws {
        var rng = Seeded(state: 0xD1B5_4A32_D192_ED03)
        let original = try DocxBuilder.docx(DocxBuilder.p("Interviewer: hi") + DocxBuilder.p("P1: yo"))
        var refused = 0
        for _ in 0..<2_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                // Aim at the headers, where offsets and sizes live.
                let near = Bool.random(using: &rng) ? bytes.count - Int.random(in: 1...min(200, bytes.count), using: &rng)
                    : Int.random(in: 0..<min(120, bytes.count), using: &rng)
                bytes[near] = UInt8.random(in: 0...255, using: &rng)
            }
            if TestSupport.failure(bytes: bytes, as: "z.docx") != nil { refused += 1 }
        }
        #expect(refused > 0)
        let truncated = Array(original.prefix(original.count - 30))
        #expect(TestSupport.failure(bytes: truncated, as: "z.docx")?.message.contains("not a readable .docx") == true)
    }
}

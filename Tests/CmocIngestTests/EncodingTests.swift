import CmocModel
import Testing

@testable import CmocIngest

/// Text decoding rows: bytes -> encoding name and text, or an error at a byte offset.
@Suite("Text encodings")
struct EncodingTests {
    static func utf16(_ s: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in s.utf16 {
            let hi = UInt8(unit >> 8), lo = UInt8(unit & 0xFF)
            out += bigEndian ? [hi, lo] : [lo, hi]
        }
        return out
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var encoding: String
        var text: String
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        .init(name: "UTF-8", bytes: Array("Nurse: café\n".utf8), encoding: "utf-8", text: "Nurse: café\n"),
        .init(name: "UTF-8 with BOM and CRLF", bytes: [0xEF, 0xBB, 0xBF] + Array("a\r\nb\rc".utf8), encoding: "utf-8+bom", text: "a\nb\nc"),
        .init(name: "UTF-16 LE with BOM", bytes: utf16("Zoë\r\n", bigEndian: false), encoding: "utf-16le", text: "Zoë\n"),
        .init(name: "UTF-16 BE with BOM", bytes: utf16("Zoë 😀", bigEndian: true), encoding: "utf-16be", text: "Zoë 😀"),
        .init(name: "UTF-16 LE without BOM", bytes: utf16("Interviewer: hi", bigEndian: false, bom: false), encoding: "utf-16le", text: "Interviewer: hi"),
        .init(name: "Windows-1252 smart quotes and euro", bytes: Array("it".utf8) + [0x92, 0x73, 0x20, 0x80, 0x35, 0x20, 0x93, 0x6F, 0x6B, 0x94],
              encoding: "windows-1252", text: "it\u{2019}s \u{20AC}5 \u{201C}ok\u{201D}"),
        .init(name: "ISO-8859-1 without C1 bytes", bytes: Array("caf".utf8) + [0xE9], encoding: "iso-8859-1", text: "café"),
    ]

    @Test("decoded deliberately", arguments: rows)
    func decoded(_ row: Row) throws {
        let decoded = try TextDecoder.decode(row.bytes).get()
        #expect(decoded.encoding == row.encoding)
        #expect(decoded.string == row.text)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var offset: Int
        var testDescription: String { name }
    }

    static let bad: [Bad] = [
        .init(name: "undefined Windows-1252 byte", bytes: Array("ab".utf8) + [0xE9, 0x81, 0x20], offset: 3),
        .init(name: "control byte in non-UTF-8 text", bytes: Array("abc".utf8) + [0xE9, 0x05], offset: 4),
        .init(name: "unpaired UTF-16 surrogate", bytes: [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00], offset: 4),
        .init(name: "invalid UTF-8 after a UTF-8 BOM", bytes: [0xEF, 0xBB, 0xBF, 0x41, 0xC3, 0x28], offset: 4),
        .init(name: "odd-length UTF-16", bytes: [0xFE, 0xFF, 0x00, 0x41, 0x00], offset: 4),
    ]

    @Test("bytes that fit no encoding are an error with the byte offset", arguments: bad)
    func undecodable(_ row: Bad) throws {
        let diagnostic = try #require(TestSupport.failure(bytes: row.bytes, as: "doc-7.txt"))
        #expect(diagnostic.location == SourceLocation(file: "doc-7.txt", byteOffset: row.offset))
        #expect(diagnostic.message.hasPrefix("bytes fit no supported text encoding"))
    }

    @Test("the encoding is recorded on the document")
    func recorded() throws {
        let d = try TestSupport.read(bytes: Self.utf16("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>hi\n", bigEndian: false), as: "d.vtt")
        #expect(d.encoding == "utf-16le")
        #expect(d.utterances.map(\.speaker) == ["A"])
    }

    @Test("UTF-8 validation finds the first bad byte", arguments: [
        ([0x61, 0xE2, 0x82, 0xAC], nil), ([0x61, 0xE2, 0x82], 1), ([0xC0, 0x80], 0), ([0xED, 0xA0, 0x80], 0),
        ([0xF4, 0x90, 0x80, 0x80], 0), ([0x61, 0x62, 0xF0, 0x9F, 0x98, 0x80, 0xFF], 6),
    ] as [([UInt8], Int?)])
    func utf8Validation(_ bytes: [UInt8], _ expected: Int?) {
        #expect(TextDecoder.firstInvalidUTF8(bytes) == expected)
    }
}

import CmocModel
import Testing

@testable import CmocIngest

/// The text of a TEI `<u>` as the reader folds it: one text node (the common case, folded
/// directly), mixed content with word-level elements (spaced), inline elements (joined) and
/// non-speech elements (left out).
@Suite("TEI utterance text")
struct XMLTextTests {
    static func tei(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>\(body)</body></text></TEI>
        """
    }

    @Test("utterance text", arguments: [
        ("<u who=\"#a\">  one\n  two\t</u>", "one two"),
        ("<u who=\"#a\">a<seg>b</seg>c</u>", "a b c"),
        ("<u who=\"#a\">a<hi>b</hi>c</u>", "abc"),
        ("<u who=\"#a\">a<note>x</note>b</u>", "a b"),
        ("<u who=\"#a\"/>", ""),
        ("<u who=\"#a\">caf&#233;\u{A0}ok &amp; more</u>", "café ok & more"),
        ("<u who=\"#a\"><![CDATA[x  <y>]]></u>", "x <y>"),
        ("<u who=\"#a\"><seg>one</seg> <seg>two</seg></u>", "one two"),
    ])
    func text(_ body: String, _ expected: String) throws {
        let document = try TestSupport.read(Self.tei(body), as: "d.xml")
        #expect(document.utterances.map(\.text) == [expected])
    }
}

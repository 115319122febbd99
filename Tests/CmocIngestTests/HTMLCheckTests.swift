import CmocIngest
import Testing

@Suite struct HTMLCheckTests {
    @Test(arguments: [
        ("<!DOCTYPE html><html><body><section><table><tr><td>x</td></tr></table></section></body></html>", 0),
        ("<!DOCTYPE html><html><body><p>unclosed <b>bold</p></body></html>", 1),
        ("<!DOCTYPE html><html><body><blink2>x</blink2></body></html>", 1),
        ("<!DOCTYPE html><html><body><svg><rect/></svg><p>a &amp; b</p></body></html>", 0),
    ])
    func reportsRealProblemsAndAcceptsHTML5(_ html: String, _ problems: Int) {
        let result = HTMLCheck.check(Array(html.utf8), displayName: "t.html")
        #expect(result.problems.count == problems, "\(result.problems)")
        #expect(result.problems.allSatisfy { $0.location?.line != nil })
    }

    @Test func countsElements() {
        let result = HTMLCheck.check(Array("<html><body><table><tr><td>1</td><td>2</td></tr></table></body></html>".utf8), displayName: "t")
        #expect(result.elementCounts["td"] == 2)
        #expect(result.elementCounts["script"] == nil)
    }
}

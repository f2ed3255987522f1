@testable import QRBuildKit
import Testing

@Suite struct CSVTableTests {
    /// Each row as RFC 4180 text with CRLF: cells quoted only when they must be, quotes
    /// doubled, and a formula-like cell given a leading `'` (inside the quotes, if any).
    @Test(arguments: [
        (["a", "b"], "a,b\r\n"),
        (["", "Grüße, 例"], ",\"Grüße, 例\"\r\n"),
        (["x,y"], "\"x,y\"\r\n"),
        (["say \"hi\""], "\"say \"\"hi\"\"\"\r\n"),
        (["line1\nline2", "a\rb"], "\"line1\nline2\",\"a\rb\"\r\n"),
        (["=1+2", "-3", "+4", "@a", "\tb"], "'=1+2,'-3,'+4,'@a,'\tb\r\n"),
        (["=HYPERLINK(\"x\")"], "\"'=HYPERLINK(\"\"x\"\")\"\r\n"),
        (["\rx"], "\"'\rx\"\r\n"),
        (["https://example.com/a?b=c&d=e"], "https://example.com/a?b=c&d=e\r\n"),
    ])
    func linesAreQuotedAndGuarded(cells: [String], expected: String) {
        #expect(CSVTable.line(cells) == Array(expected.utf8))
    }
}

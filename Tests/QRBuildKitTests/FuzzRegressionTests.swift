@testable import QRBuildKit
import Foundation
import Testing

/// Inputs the fuzzers found (Fuzz/regressions), checked on every test run too.
@Suite struct FuzzRegressionTests {
    static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions")

    /// A syntax error inside a second `codes` key: both decoders report it, alike.
    @Test func bothDecodersReportTheSameIssuesForASecondCodesKey() throws {
        let bytes = Array(try Data(contentsOf: Self.regressions.appendingPathComponent("FuzzManifest/syntax-error-in-a-second-codes")))
        var tree: [ManifestIssue] = [], streamed: [ManifestIssue] = []
        do { _ = try ManifestDecoder.decode(bytes, file: "m.json") } catch { tree = error.issues }
        do { _ = try ManifestDecoder.decodeStreaming(bytes, file: "m.json") } catch { streamed = error.issues }
        #expect(!tree.isEmpty)
        #expect(tree == streamed)
    }

    /// A first cell that starts with U+FEFF survives a reader that drops a byte order mark.
    @Test func aCellStartingWithABOMIsQuoted() throws {
        let written = String(decoding: CSVTable.line(["\u{FEFF}x", "y"]), as: UTF8.self)
        #expect(written.hasPrefix("\""))
        #expect(try CSVReader.rows(written).map(\.cells) == [["\u{FEFF}x", "y"]])
    }
}

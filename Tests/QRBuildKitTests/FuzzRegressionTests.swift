@testable import QRBuildKit
import Foundation
import QRCore
import QRStyle
import Testing

/// Inputs the fuzzers found (Fuzz/regressions), checked on every test run too.
@Suite struct FuzzRegressionTests {
    static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions")

    /// A second `codes` key, with a syntax error in it or after an empty first one: both
    /// decoders report the same issues (the first `codes` counts, the second is reported).
    @Test(arguments: ["syntax-error-in-a-second-codes", "second-codes-key-after-an-empty-one.json"])
    func bothDecodersReportTheSameIssuesForASecondCodesKey(reproducer: String) throws {
        let bytes = Array(try Data(contentsOf: Self.regressions.appendingPathComponent("FuzzManifest/" + reproducer)))
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

    /// `--verify` takes a code whose text the encoder put in a Kanji segment (zbar's binary
    /// read gives those characters as Shift JIS): FuzzPayload's reproducer is a text payload.
    @Test func verifyAcceptsKanjiSegments() throws {
        let bytes = Array(try Data(contentsOf: Self.regressions.appendingPathComponent("FuzzPayload/kanji-segment-read-as-shift-jis")))
        let text = try #require(try JSONReader.parse(Array(bytes.dropFirst())).stringValue)
        let code = try QRCode.encode(text: text)
        var image = GrayImage(width: (code.size + 8) * 4, height: (code.size + 8) * 4)
        for y in 0..<image.height {
            for x in 0..<image.width where code[x / 4 - 4, y / 4 - 4] { image.pixels[y * image.width + x] = 0 }
        }
        #expect(DecodeCheck.problem(image, payload: Array(text.utf8)) == nil)
    }
}

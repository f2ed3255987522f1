import Foundation
@testable import QRBuildKit
import Testing

@Suite struct BuildOutputTests {
    static let exampleManifest = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/qrcodes.json").path

    @Test func codesListingMatchesTheTreeWriter() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.exampleManifest))
        let manifest = try ManifestDecoder.decodeStreaming(Array(bytes), file: "qrcodes.json")
        let plan = try BuildPlan(manifest: manifest, previous: Lockfile(), now: 1_780_000_000, allowReprint: false)
        let tree = JSONWriter.pretty(.array(manifest.codes.map { code in
            CodeObject.make(code, manifest: manifest, lock: code.id.flatMap { plan.lockfile.entries[$0.key] })
        }))
        #expect(manifest.codes.count > 5)
        #expect(String(decoding: CodeObject.listing(manifest, lockfile: plan.lockfile), as: UTF8.self) == tree)
        let empty = try ManifestDecoder.decodeStreaming(Array(#"{"version": 1, "codes": []}"#.utf8), file: "m.json")
        #expect(CodeObject.listing(empty, lockfile: Lockfile()) == Array(JSONWriter.pretty(.array([])).utf8))
    }

    @Test func skippedArraysStepOverBracketsInStrings() throws {
        let text = #"{"codes": [{"data": "a]}\"[{", "n": [1, {"x": "\\"}]}], "after": "\n", "#
            + "\n" + #" "last": true}"#
        let skipped = try JSONReader.parse(Array(text.utf8), skipping: "codes")
        let streamed = try JSONReader.parse(Array(text.utf8), streaming: "codes") { _, _ in }
        #expect(skipped["last"]?.location == streamed["last"]?.location)
        #expect(skipped["after"]?.stringValue == "\n")
        #expect(skipped["codes"]?.byteRange == streamed["codes"]?.byteRange)
    }

    @Test func imageCacheRoundTrips() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entries = [(file: "b.png", key: "k2"), (file: "a é.svg", key: "qrbuild-render-1|sha256:00"), (file: "bulk/all.zip", key: "z")]
        try Data(ImageCache.text(entries)).write(to: URL(fileURLWithPath: path))
        let cache = ImageCache(contentsOf: path)
        for entry in entries { #expect(cache[entry.file] == entry.key) }
        #expect(ImageCache(contentsOf: path + ".missing").isEmpty)
    }
}

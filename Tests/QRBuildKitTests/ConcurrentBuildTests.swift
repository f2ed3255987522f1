@testable import QRBuildKit
import Foundation
import Testing

/// A build's threads (manifest and lockfile read at once, images drawn on every core,
/// archives zipped on their own queue while pages and nginx files are written), run on
/// enough codes for ThreadSanitizer (`make test-tsan`) to see them share work: a first
/// build, a rebuild that reuses every image, and one after a change of destinations.
@Suite struct ConcurrentBuildTests {
    /// An 8-character id in the manifest's alphabet, one per index.
    static func id(_ index: Int) -> String {
        var digits = "", rest = index
        for _ in 0..<6 {
            digits.append(CodeID.alphabet[rest % CodeID.alphabet.count])
            rest /= CodeID.alphabet.count
        }
        return "qz" + digits
    }

    static func manifest(codes: Int, destination: String) -> String {
        let entries = (0..<codes).map { index in
            let formats = index % 3 == 0 ? "[\"png\", \"svg\"]" : (index % 3 == 1 ? "\"svg\"" : "\"png\"")
            return "{\"id\": \"\(id(index))\", \"name\": \"code-\(index)\", \"data\": \"\(destination)/\(index)\","
                + " \"returnType\": \(formats), \"tags\": [\"t\(index % 4)\"]}"
        }
        return """
        {"version": 1, "redirect": {"base": "https://qr.example.com/r/"},
         "codes": [\(entries.joined(separator: ",\n"))]}
        """
    }

    @Test func buildsOnEveryCoreGiveTheSameOutputAsBefore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifestPath = folder.appendingPathComponent("qrcodes.json").path
        var options = BuildOptions(manifestPath: manifestPath, outputPath: folder.appendingPathComponent("dist").path)
        options.sourceDateEpoch = 1_780_000_000

        try Self.manifest(codes: 240, destination: "https://example.com/a").write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let first = try Builder.build(options)
        #expect(first.codes == 240)
        #expect(first.rendered == 320)
        let codesJSON = try Data(contentsOf: folder.appendingPathComponent("dist/codes.json"))

        let again = try Builder.build(options)
        #expect(again.rendered == 0)
        #expect(again.reused == 320)
        #expect(try Data(contentsOf: folder.appendingPathComponent("dist/codes.json")) == codesJSON)

        try Self.manifest(codes: 240, destination: "https://example.com/b").write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let changed = try Builder.build(options)
        #expect(changed.rendered == 0)
        let text = try String(contentsOfFile: folder.appendingPathComponent("dist/codes.json").path, encoding: .utf8)
        #expect(text.contains("https://example.com/b/239"))
        #expect(!text.contains("https://example.com/a/"))
    }
}

import Foundation
import QRBuildKit
import QRCore
import QRRender
import Testing

@Suite struct StaticRendererTests {
    @Test func dataTypeIsURLOnlyForCleanHTTPURLs() {
        #expect(StaticRenderRequest(data: Array("https://example.com/a".utf8)).dataType == "url")
        #expect(StaticRenderRequest(data: Array("HTTP://EXAMPLE.COM".utf8)).dataType == "url")
        #expect(StaticRenderRequest(data: Array("https://".utf8)).dataType == "text")
        #expect(StaticRenderRequest(data: Array("https://a b".utf8)).dataType == "text")
        #expect(StaticRenderRequest(data: Array("mailto:a@b".utf8)).dataType == "text")
        #expect(StaticRenderRequest(data: [0xFF, 0xFE]).dataType == "text")
    }

    @Test func jsonKeepsTheAPIsKeyOrderAndEscapes() throws {
        let result = try StaticRenderer.render(StaticRenderRequest(data: Array("hi".utf8), format: .svg))
        let json = try result.json()
        #expect(json.hasPrefix("{\"type\":\"static\",\"dataType\":\"text\",\"format\":\"svg\",\"image\":\"<svg xmlns=\\\"http"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(parsed?["image"] == String(decoding: result.output, as: UTF8.self))
    }

    @Test func binaryDataIsEncodedAsBytes() throws {
        let data: [UInt8] = [0xFF, 0x00, 0x80, 0x41]
        let result = try StaticRenderer.render(StaticRenderRequest(data: data, format: .matrix))
        var options = QREncodingOptions()
        options.mask = result.code.mask
        #expect(result.code == (try QRCode.encode(bytes: data, options: options)))
    }

    @Test func errorsSayWhatToChange() {
        var request = StaticRenderRequest(data: Array(repeating: 0x41, count: 5000))
        #expect(throws: StaticRenderError.self) { try StaticRenderer.render(request) }
        request.data = []
        #expect(throws: StaticRenderError.emptyData) { try StaticRenderer.render(request) }
        request.data = [0x41]
        request.format = .png
        request.size = try? PhysicalLength(parsing: "30mm")
        #expect(throws: StaticRenderError.sizeNeedsDPI) { try StaticRenderer.render(request) }
    }
}

@Suite struct AtomicFileTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "qrbuild-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    @Test func replacesContentAndLeavesNoTemporaryFiles() throws {
        let path = directory + "/code.svg"
        try AtomicFile.write(Array("old".utf8), to: path)
        try AtomicFile.write(Array("new".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["code.svg"])
    }

    @Test func failureNamesThePathAndKeepsTheOldFile() throws {
        let missing = directory + "/missing/code.svg"
        #expect(throws: FileError.self) { try AtomicFile.write([1], to: missing) }
        do {
            try AtomicFile.write([1], to: missing)
        } catch {
            #expect(error.description.contains(missing))
        }
    }
}

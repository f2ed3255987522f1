import Foundation
@testable import QRBuildKit
import QRPayload
import Testing

@Suite struct PathNameTests {
    @Test(arguments: [("a", ".", "a"), ("dist", ".", "dist"), ("out/dist", "out", "dist"), ("/x", "/", "x"),
                      ("a/b/", "a", "b"), ("./qrcodes.json", ".", "qrcodes.json")])
    func splitsPaths(path: String, parent: String, name: String) {
        #expect(PathName.parent(of: path) == parent)
        #expect(PathName.name(of: path) == name)
    }
}

@Suite struct ManifestDecodingTests {
    func decode(_ text: String) -> [String] {
        do {
            _ = try ManifestDecoder.decode(Array(text.utf8), file: "m.json")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func anUnknownKeyThatIsNotAWordIsQuotedInItsPath() {
        let issues = decode(#"{"version": 1, "codes": [{"data": "https://example.com/", "style": {"a.b": 1}, "x y": 2}]}"#)
        #expect(issues.contains { $0.contains(#"codes[0].style["a.b"]"#) && $0.contains("unknown key") })
        #expect(issues.contains { $0.contains(#"codes[0]["x y"]"#) && $0.contains("unknown key") })
    }

    @Test func defaultsMergeIntoCodes() throws {
        let text = """
            {"version": 1, "redirect": {"base": "https://q.example.com/r/"},
             "defaults": {"returnType": "png", "style": {"margin": 2, "errorCorrection": "Q"}, "tags": ["all-stores"]},
             "codes": [{"id": "k3x9pq7m", "data": "https://example.com", "style": {"margin": 6}, "tags": ["poster"]}]}
            """
        let manifest = try ManifestDecoder.decode(Array(text.utf8), file: "m.json").manifest
        let code = try #require(manifest.codes.first)
        #expect(code.returnType == .png)
        #expect(code.style.margin == 6)
        #expect(code.style.errorCorrection == .quartile)
        #expect(code.tags == ["all-stores", "poster"])
        #expect(manifest.encodedText(of: code) == "https://q.example.com/r/k3x9pq7m")
    }

    @Test func idsAreGeneratedFromTheAlphabet() {
        var seen = Set<String>()
        for _ in 0..<500 {
            let id = CodeID.generate(avoiding: seen)
            #expect(id.text.count == 8 && id.text.allSatisfy { CodeID.alphabet.contains($0) })
            #expect(seen.insert(id.key).inserted)
        }
    }

    @Test func idValidationOnBytesAgreesWithTheCharacterRules() throws {
        // The rules as written for people: 8 characters, each in the alphabet once lower-cased.
        func valid(_ text: String) -> Bool {
            text.count == CodeID.length && text.lowercased().allSatisfy { CodeID.alphabet.contains($0) }
        }
        var generator = SystemRandomNumberGenerator()
        let pool = Array("23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ01iloILO_-é€\u{212A}")
        var samples = ["k3x9pq7m", "K3X9PQ7M", "k3x9pq7", "k3x9pq7mm", "k3x9pq7o", "k3x9pq71", "k3x9pq7\u{212A}", "", "é3x9pq7m"]
        for _ in 0..<5_000 {
            let length = Int.random(in: 6...9, using: &generator)
            samples.append(String((0..<length).map { _ in pool.randomElement(using: &generator) ?? "a" }))
        }
        for text in samples {
            let id = try? CodeID(validating: text)
            #expect((id != nil) == valid(text), "\(text)")
            #expect(id.map { $0.key == text.lowercased() && $0.text == text } ?? true, "\(text)")
            if let key = CodeID.key(ifValid: text) {
                #expect(valid(text) && key == text.lowercased(), "\(text)")
            }
        }
    }

    @Test func stringsAreCheckedAsUTF8WithOrWithoutEscapes() throws {
        func parse(_ bytes: [UInt8]) -> Result<String?, JSONSyntaxError> {
            Result { () throws(JSONSyntaxError) in try JSONReader.parse(Array("[\"".utf8) + bytes + Array("\"]".utf8)).elements?.first?.stringValue }
        }
        #expect(try parse(Array("plain ascii".utf8)).get() == "plain ascii")
        #expect(try parse(Array("Grüße, 例え 😀".utf8)).get() == "Grüße, 例え 😀")
        #expect(try parse(Array(#"tab\t and \u00fc then ü"#.utf8)).get() == "tab\t and ü then ü")
        // A cut-off four-byte sequence is three bytes, as is the U+FFFD a decoder puts in its
        // place: the check must compare the bytes, not only count them. Then a lone
        // continuation byte, an overlong encoding, and a bad byte after an escape.
        for bad: [UInt8] in [[0xF0, 0x90, 0x80, 0x41], [0x41, 0x80], [0xC0, 0xAF], Array(#"\n"#.utf8) + [0xFF]] {
            guard case .failure(let error) = parse(bad) else {
                Issue.record("\(bad) parsed")
                continue
            }
            #expect(error.message == "the string before this point is not valid UTF-8")
            #expect(error.location.offset == bad.count + 3)
        }
    }

    @Test func lineAndColumnCountCharactersNotBytes() {
        // "über" is five bytes but four characters, so a byte count would say 87.
        let issues = decode(#"{"version": 1, "codes": [{"type": "static", "name": "n", "data": "über", "dataType": "tèxt"}]}"#)
        #expect(issues == ["1:86: codes[0].dataType: \"tèxt\" is not one of url, text, email, wifi, vcard, sms, phone, geo (did you mean \"text\"?)"])
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [0, 951_782_400, 1_767_225_600, 4_102_444_799, 1_709_164_800])
    func roundTrips(seconds: Int) {
        let text = Timestamp.string(fromSeconds: seconds)
        #expect(text.count == 24 && text.hasSuffix(".000Z"))
        #expect(Timestamp.seconds(from: text) == seconds)
    }

    @Test func formatsLikeTheAPI() {
        #expect(Timestamp.string(fromSeconds: 1_779_375_600) == "2026-05-21T15:00:00.000Z")
        #expect(Timestamp.string(fromSeconds: 951_782_400) == "2000-02-29T00:00:00.000Z")
        #expect(Timestamp.seconds(from: "2026-13-01T00:00:00.000Z") == nil)
    }
}

@Suite struct TemplateTests {
    @Test func builtInTemplatesMatchTheRepositoryFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        func file(_ name: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent("templates/" + name), encoding: .utf8)
        }
        #expect(DefaultTemplates.landing == (try file("landing.mustache")))
        #expect(DefaultTemplates.unlock == (try file("unlock.mustache")))
        #expect(DefaultTemplates.unlockScript == (try file("unlock.js")))
    }
}

@Suite struct ManifestEditorTests {
    @Test func setsMembersInEmptyAndFilledObjectsKeepingEverythingElse() throws {
        let path = NSTemporaryDirectory() + "qrbuild-editor-\(UUID().uuidString).json"
        let text = """
            {
              "version": 1,
              "redirect": { "base": "https://qr.example.com/r/" },
              "codes": [
                { "id": "k3x9pq7m", "data": "https://example.com/a", "style": {} }
              ]
            }

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var editor = try ManifestEditor(path: path)
        let style = try #require(editor.document["codes"]?.elements?.first?["style"])
        try editor.set("margin", to: "2", in: style)
        let code = try #require(editor.document["codes"]?.elements?.first)
        try editor.set("status", to: "\"inactive\"", in: code)
        let edited = String(decoding: editor.bytes, as: UTF8.self)
        #expect(edited == text.replacingOccurrences(
            of: #""style": {} }"#, with: #""style": { "margin": 2 }, "status": "inactive" }"#))
        #expect(editor.manifest.codes.first?.style.margin == 2)
        #expect(editor.manifest.codes.first?.status == .inactive)
    }
}

@Suite struct StreamingDecodeTests {
    func issues(_ text: String, streaming: Bool) -> [String] {
        do {
            if streaming {
                _ = try ManifestDecoder.decodeStreaming(Array(text.utf8), file: "m.json")
            } else {
                _ = try ManifestDecoder.decode(Array(text.utf8), file: "m.json")
            }
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func agreesWithTheTreeDecoder() throws {
        // Defaults after codes: the streaming decoder must still apply them.
        let good = """
            {"version": 1, "codes": [{"id": "k3x9pq7m", "data": "https://example.com/a"},
             {"type": "static", "name": "w", "dataType": "wifi", "data": {"ssid": "G"}}],
             "redirect": {"base": "https://q.example.com/r/"}, "defaults": {"returnType": "png", "tags": ["t"]}}
            """
        let streamed = try ManifestDecoder.decodeStreaming(Array(good.utf8), file: "m.json")
        let tree = try ManifestDecoder.decode(Array(good.utf8), file: "m.json").manifest
        #expect(streamed.codes.map(\.payload) == tree.codes.map(\.payload))
        #expect(streamed.codes.map(\.fileName) == ["k3x9pq7m.png", "w.png"])
        #expect(streamed.codes.allSatisfy { $0.tags == ["t"] })
        let broken = """
            {"version": 2, "codes": [{"id": "k3x9", "data": "ftp://x"}, {"id": "K3X9PQ7M", "data": "https://e.com"},
             {"id": "k3x9pq7m", "name": "k3x9pq7m", "data": "https://e.com"}], "defaults": {"tags": ["all"]}}
            """
        let expected = issues(broken, streaming: false)
        #expect(expected.count >= 5)
        #expect(issues(broken, streaming: true) == expected)
        #expect(issues("{\"version\": 1, \"codes\": {}}", streaming: true) == issues("{\"version\": 1, \"codes\": {}}", streaming: false))
        #expect(issues("[1,", streaming: true) == issues("[1,", streaming: false))
    }

    /// A manifest large enough to be decoded in parts on all cores, with `broken` spliced
    /// into code 4321 (and a comma after every code but the last).
    func largeManifest(broken: String? = nil) -> String {
        let codes = (0..<6_000).map { index in
            index == 4_321 && broken != nil ? broken! : "  {\"type\": \"static\", \"name\": \"c-\(index)\", \"data\": \"https://example.com/\(index)\", \"tags\": [\"t\"]}"
        }
        return "{\"version\": 1, \"redirect\": {\"base\": \"https://q.example.com/r/\"},\n \"codes\": [\n"
            + codes.joined(separator: ",\n") + "\n]}\n"
    }

    @Test func largeManifestsDecodedInPartsAgreeWithTheTreeDecoder() throws {
        let text = largeManifest()
        let streamed = try ManifestDecoder.decodeStreaming(Array(text.utf8), file: "m.json")
        let tree = try ManifestDecoder.decode(Array(text.utf8), file: "m.json").manifest
        #expect(streamed.codes.count == 6_000)
        #expect(streamed.codes.map(\.index) == Array(0..<6_000))
        #expect(streamed.codes.map(\.payload) == tree.codes.map(\.payload))
        // Issues deep inside keep their place, line and column; syntax errors too.
        for broken in ["  {\"name\": \"x\", \"data\": \"ftp://x\", \"colour\": 1}", "  {\"name\": \"x\" \"data\": 1}",
                       "  {\"name\": \"x\", \"data\": \"https://e.com\"} x", "  {\"name\": \"x\", \"data\": \"https://e.com\"},"] {
            let text = largeManifest(broken: broken)
            let expected = issues(text, streaming: false)
            #expect(!expected.isEmpty)
            #expect(issues(text, streaming: true) == expected, "\(broken)")
        }
    }
}

@Suite struct OneLineJSONTests {
    /// Codes on one line, as `jq -c` or a CMS writes them, with `broken` as code 4321.
    func oneLine(_ broken: String? = nil) -> String {
        let codes = (0..<6_000).map { index in
            index == 4_321 && broken != nil ? broken! : "{\"type\":\"static\",\"name\":\"c-\(index)\",\"data\":\"https://ex.com/ü\(index)\"}"
        }
        return "{\"version\":1,\"redirect\":{\"base\":\"https://q.example.com/r/\"},\"codes\":[" + codes.joined(separator: ",") + "]}"
    }

    @Test func columnsOnOneLineAreCountedInCharactersFromTheLineStart() throws {
        for broken in ["{\"name\":\"x\",\"data\":\"ftp://x\",\"colour\":1}", "{\"name\":\"x\" \"data\":1}"] {
            let text = oneLine(broken)
            var found: [[ManifestIssue]] = []
            for streaming in [false, true] {
                do {
                    if streaming {
                        _ = try ManifestDecoder.decodeStreaming(Array(text.utf8), file: "m.json")
                    } else {
                        _ = try ManifestDecoder.decode(Array(text.utf8), file: "m.json")
                    }
                    Issue.record("\(broken) decoded")
                } catch {
                    found.append(error.issues)
                }
            }
            #expect(found.count == 2 && found[0] == found[1], "\(broken)")
            for issue in found.first ?? [] {
                let location = try #require(issue.location)
                let characters = String(decoding: Array(text.utf8)[..<location.offset], as: UTF8.self).count
                #expect(location.line == 1 && location.column == characters + 1, "\(issue)")
            }
        }
    }
}

@Suite struct LockfileLoadingTests {
    func lockfileText(codes: Int, broken: Int? = nil) -> String {
        let entries = (0..<codes).map { index in
            let fields = index == broken ? "\"appearance\": \"a\"" : "\"appearance\": \"sha256:\(index)\", \"publishedAt\": "
                + "\"2026-01-01T00:00:00.000Z\", \"updatedAt\": \"2026-01-02T00:00:00.000Z\""
            return "    \"Id\(index)\": {\(fields)}"
        }
        return "{\n  \"version\": 1,\n  \"codes\": {\n" + entries.joined(separator: ",\n") + "\n  }\n}\n"
    }

    func load(_ text: String) throws -> Lockfile {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-lock-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try Lockfile.load(from: path)
    }

    @Test func largeLockfilesLoadedInPartsKeepEveryEntry() throws {
        let text = lockfileText(codes: 20_000)
        #expect(text.utf8.count > 1 << 20)
        let lockfile = try load(text)
        #expect(lockfile.entries.count == 20_000)
        #expect(lockfile.entries["id12345"]?.id == "Id12345")
        #expect(lockfile.entries["id12345"]?.appearance == "sha256:12345")
        #expect(try load(String(lockfile.text)) == lockfile)
        // A value that is not a string sends the whole file the general way: same result.
        let odd = try load(text.replacingOccurrences(of: "\"Id7\": {", with: "\"Id7\": {\"name\": 7, "))
        #expect(odd == lockfile)
    }

    @Test func writtenAsTheGeneralJSONWriterWouldWriteIt() {
        var lockfile = Lockfile()
        let empty: [FieldValue.Member] = [FieldValue.Member("version", .number("1")), FieldValue.Member("codes", .object([]))]
        #expect(lockfile.bytes == JSONWriter.prettyBytes(.object(empty)))
        let full = Lockfile.Entry(id: "Ab3k9xyz", name: "Poster \"A\"\n", appearance: "sha256:1", destination: "sha256:2",
                                  publishedAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-02T00:00:00.000Z",
                                  printedAt: "2026-01-03T00:00:00.000Z")
        let bare = Lockfile.Entry(id: "zz", name: nil, appearance: "sha256:3", destination: nil,
                                  publishedAt: "2026-02-01T00:00:00.000Z", updatedAt: "2026-02-01T00:00:00.000Z", printedAt: nil)
        lockfile.entries = ["zz": bare, "ab3k9xyz": full]
        func fields(_ entry: Lockfile.Entry) -> FieldValue {
            let members: [FieldValue.Member?] = [
                entry.name.map { FieldValue.Member("name", .string($0)) }, FieldValue.Member("appearance", .string(entry.appearance)),
                entry.destination.map { FieldValue.Member("destination", .string($0)) },
                FieldValue.Member("publishedAt", .string(entry.publishedAt)), FieldValue.Member("updatedAt", .string(entry.updatedAt)),
                entry.printedAt.map { FieldValue.Member("printedAt", .string($0)) },
            ]
            return .object(members.compactMap { $0 })
        }
        let codes: [FieldValue.Member] = [FieldValue.Member(full.id, fields(full)), FieldValue.Member(bare.id, fields(bare))]
        let tree = FieldValue.object([FieldValue.Member("version", .number("1")), FieldValue.Member("codes", .object(codes))])
        #expect(lockfile.bytes == JSONWriter.prettyBytes(tree))
    }

    @Test func onlyAMissingLockfileIsEmpty() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-lock-\(UUID().uuidString)").path
        #expect(try Lockfile.load(from: path).entries.isEmpty)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Lockfile.load(from: path)
            Issue.record("an unreadable lockfile was taken for an empty one")
        } catch {
            #expect(error.issues.first?.message.hasPrefix("cannot read the lockfile: ") == true)
        }
    }

    @Test func largeLockfileErrorsNameTheEntry() throws {
        do {
            _ = try load(lockfileText(codes: 20_000, broken: 15_000))
            Issue.record("a broken entry was accepted")
        } catch let error as ManifestErrors {
            #expect(error.issues.map(\.description) == ["15004:5: codes.Id15000: needs appearance, publishedAt and updatedAt"])
        }
        do {
            _ = try load(lockfileText(codes: 20_000).replacingOccurrences(of: "\"Id15000\": {", with: "\"Id15000\" {"))
            Issue.record("a syntax error was accepted")
        } catch let error as ManifestErrors {
            #expect(error.issues.first?.message == "expected ':' after the key \"Id15000\"")
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QRServe

/// The router as a value, driven in-process by HummingbirdTesting: no socket, no binary.
@Suite struct RouterTests {
    /// A folder with a two-code manifest and one key.
    static func project() throws -> (options: APIServer.Options, key: String, folder: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let manifest = """
        {
          "version": 1,
          "redirect": { "base": "https://qr.example.com/r/" },
          "codes": [
            { "id": "ab3xk9pq", "data": "https://example.com/a" },
            { "id": "cd4ym2rt", "data": "https://example.com/b", "secure": ["locked"] }
          ]
        }
        """
        try manifest.write(toFile: folder + "/qrcodes.json", atomically: true, encoding: .utf8)
        let keys = folder + "/.qrbuild/keys.json"
        let key = try KeyStore(path: keys).create(name: "test", scopes: [.read, .write], expires: nil, now: Int(Date().timeIntervalSince1970))
        var options = APIServer.Options(manifestPath: folder + "/qrcodes.json", storePath: folder + "/.qrbuild/analytics.sqlite", keysPath: keys)
        options.log = { _ in }
        return (options, key, folder)
    }

    @Test func everyAnswerIsJSONOrAProblem() async throws {
        let (options, key, folder) = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let app = Application(router: APIServer(options).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/qr/codes", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            let auth: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
            try await client.execute(uri: "/api/qr/codes/AB3XK9PQ", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(object?["id"] as? String == "ab3xk9pq")
                #expect(response.headers[.rateLimitRemaining] == "599")
            }
            try await client.execute(uri: "/api/qr/codes/cd4ym2rt", method: .put, headers: auth,
                                     body: ByteBuffer(string: #"{"destination":"https://example.com/c"}"#)) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/qr/codes/ab3xk9pq", method: .put, headers: auth,
                                     body: ByteBuffer(string: #"{"destination":"https://example.com/new"}"#)) { response in
                #expect(response.status == .ok)
            }
            #expect(try String(contentsOfFile: folder + "/qrcodes.json", encoding: .utf8).contains("https://example.com/new"))
        }
    }
}

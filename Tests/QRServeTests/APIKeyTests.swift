import Foundation
import Testing
@testable import QRServe

@Suite struct APIKeyTests {
    @Test func aNewKeyHasItsShapeAndChecksum() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let key = APIKey.generate()
            #expect(key.hasPrefix("qrb_live_"))
            #expect(key.utf8.count == APIKey.length)
            #expect(APIKey.isWellFormed(key))
            seen.insert(key)
        }
        #expect(seen.count == 200)
    }

    @Test func aTypoFailsTheChecksum() {
        let key = APIKey.generate()
        var bytes = Array(key.utf8)
        // Change one character of the random part into another base62 one.
        bytes[12] = bytes[12] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        #expect(!APIKey.isWellFormed(String(decoding: bytes, as: UTF8.self)))
        #expect(!APIKey.isWellFormed(String(key.dropLast())))
        #expect(!APIKey.isWellFormed("qrb_test_" + key.dropFirst(9)))
        #expect(!APIKey.isWellFormed(""))
    }

    @Test func theStoreHoldsHashesAndRevokesAtOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = KeyStore(path: folder + "/keys.json")
        let now = 1_796_000_000
        let key = try store.create(name: "cms", scopes: [.write, .read], expires: nil, now: now)
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(!text.contains(key))
        #expect(text.contains(APIKey.digest(of: key)))
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let ring = KeyRing(store: store)
        #expect(try ring.authenticate(key, now: now).scopes == [.read, .write])
        #expect(throws: KeyRing.Refusal.unknown) { try ring.authenticate(APIKey.generate(), now: now) }
        #expect(throws: KeyRing.Refusal.malformed) { try ring.authenticate("qrb_live_nope", now: now) }
        #expect(throws: KeyRing.Refusal.missing) { try ring.authenticate(nil, now: now) }
        #expect(throws: KeyStoreError.self) { try store.create(name: "cms", scopes: [.read], expires: nil, now: now) }
        try store.revoke(name: "cms", now: now + 1)
        #expect(throws: KeyRing.Refusal.revoked) { try ring.authenticate(key, now: now + 2) }
    }

    @Test func aKeyWorksThroughItsLastDay() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = KeyStore(path: folder + "/keys.json")
        let start = 1_796_000_000  // 2026-11-30
        let key = try store.create(name: "ci", scopes: [.read], expires: "2026-12-01", now: start)
        let ring = KeyRing(store: store)
        let endOfDay = try #require(KeyStore.endOfDay("2026-12-01"))
        #expect(try ring.authenticate(key, now: endOfDay - 1).name == "ci")
        #expect(throws: KeyRing.Refusal.expired) { try ring.authenticate(key, now: endOfDay) }
        #expect(KeyStore.endOfDay("2027-02-30") == nil)
        #expect(throws: KeyStoreError.self) { try store.create(name: "old", scopes: [.read], expires: "2020-01-01", now: start) }
        #expect(throws: KeyStoreError.self) { try store.create(name: "bad name!", scopes: [.read], expires: nil, now: start) }
    }
}

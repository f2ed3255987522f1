import Foundation
import QRBuildKit
import Testing

@Suite struct DestinationCipherTests {
    @Test func roundTripsAndRefusesWrongKeysAndTampering() throws {
        let key = try DestinationCipher.key(from: DestinationCipher.newKey())
        let sealed = try DestinationCipher.encrypt("https://example.com/secret", key: key)
        #expect(sealed.hasPrefix(DestinationCipher.prefix) && !sealed.contains("secret"))
        #expect(try DestinationCipher.decrypt(sealed, key: key) == "https://example.com/secret")
        #expect(try DestinationCipher.encrypt("https://example.com/secret", key: key) != sealed, "a fresh nonce each time")
        let other = try DestinationCipher.key(from: DestinationCipher.newKey())
        #expect(throws: DestinationCipher.Failure.self) { try DestinationCipher.decrypt(sealed, key: other) }
        var tampered = Array(sealed)
        tampered[tampered.count - 5] = tampered[tampered.count - 5] == "A" ? "B" : "A"
        #expect(throws: DestinationCipher.Failure.self) { try DestinationCipher.decrypt(String(tampered), key: key) }
    }

    @Test func keysAreBase64OrHexOf32Bytes() throws {
        _ = try DestinationCipher.key(from: String(repeating: "ab", count: 32))
        _ = try DestinationCipher.key(from: Data(repeating: 7, count: 32).base64EncodedString() + "\n")
        #expect(throws: DestinationCipher.Failure.self) { try DestinationCipher.key(from: "short") }
        #expect(throws: DestinationCipher.Failure.self) { try DestinationCipher.key(from: Data(repeating: 7, count: 16).base64EncodedString()) }
    }
}

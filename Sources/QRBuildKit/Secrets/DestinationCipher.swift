import Crypto
import Foundation

/// Destinations kept in the manifest only as ciphertext: AES-256-GCM under a key that
/// never enters git, written as `qrbuild-aes256gcm:v1:<base64 of nonce, ciphertext, tag>`.
public enum DestinationCipher {
    public static let prefix = "qrbuild-aes256gcm:v1:"

    /// Why a key or a ciphertext was refused.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// A 256-bit key from its base64 (44 characters) or hex (64 characters) text.
    public static func key(from text: String) throws(Failure) -> SymmetricKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes: [UInt8]?
        if trimmed.count == 64, trimmed.allSatisfy(\.isHexDigit) {
            bytes = stride(from: 0, to: 64, by: 2).compactMap { offset in
                let start = trimmed.index(trimmed.startIndex, offsetBy: offset)
                return UInt8(trimmed[start..<trimmed.index(start, offsetBy: 2)], radix: 16)
            }
        } else if let data = Data(base64Encoded: trimmed) {
            bytes = Array(data)
        }
        guard let bytes, bytes.count == 32 else {
            throw Failure(description: "the key must be 32 bytes as base64 (44 characters) or hex (64 characters); `qrbuild encrypt --new-key` makes one")
        }
        return SymmetricKey(data: bytes)
    }

    /// A fresh random key, base64.
    public static func newKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// `plaintext` sealed under `key` with a random nonce.
    public static func encrypt(_ plaintext: String, key: SymmetricKey) throws(Failure) -> String {
        do {
            let sealed = try AES.GCM.seal(Data(plaintext.utf8), using: key)
            guard let combined = sealed.combined else { throw Failure(description: "AES-GCM gave no combined form") }
            return prefix + combined.base64EncodedString()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "encryption failed: \(error)")
        }
    }

    /// Whether `text` has the shape of our ciphertext (it may still not open under a key).
    public static func looksEncrypted(_ text: String) -> Bool {
        guard text.hasPrefix(prefix), let data = Data(base64Encoded: String(text.dropFirst(prefix.count))) else { return false }
        return data.count >= 12 + 16
    }

    /// The plaintext of `text`; a wrong key or altered ciphertext is an error, never garbage.
    public static func decrypt(_ text: String, key: SymmetricKey) throws(Failure) -> String {
        guard looksEncrypted(text), let data = Data(base64Encoded: String(text.dropFirst(prefix.count))) else {
            throw Failure(description: "not ciphertext made by `qrbuild encrypt`")
        }
        do {
            let opened = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
            guard let plaintext = String(data: opened, encoding: .utf8) else { throw Failure(description: "the plaintext is not UTF-8") }
            return plaintext
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot decrypt it with this key (a wrong key, or the ciphertext was changed)")
        }
    }
}

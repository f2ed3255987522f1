import _CryptoExtras
import Crypto
import Foundation

/// A destination sealed under a password, opened only in the visitor's browser:
/// PBKDF2-SHA256 derives an AES-256-GCM key from the password and a random salt.
/// Written `qrbuild-pbkdf2-aes256gcm:v1:<rounds>:<salt>:<nonce, ciphertext, tag>` (base64),
/// the layout WebCrypto's `deriveKey` and `decrypt` take, so the build never needs the password.
public struct PasswordSeal: Hashable, Sendable {
    public static let prefix = "qrbuild-pbkdf2-aes256gcm:v1:"
    /// OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023).
    public static let minimumRounds = 600_000

    public let rounds: Int
    public let salt: [UInt8]
    /// 12-byte nonce, ciphertext and 16-byte tag.
    public let sealed: [UInt8]

    public var text: String {
        Self.prefix + "\(rounds):" + Data(salt).base64EncodedString() + ":" + Data(sealed).base64EncodedString()
    }

    /// Seals `destination` under `password` with a fresh salt and nonce.
    public static func seal(_ destination: String, password: String, rounds: Int = minimumRounds) throws(DestinationCipher.Failure) -> PasswordSeal {
        guard !password.isEmpty else { throw DestinationCipher.Failure(description: "the password is empty") }
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds)
            guard let combined = try AES.GCM.seal(Data(destination.utf8), using: key).combined else {
                throw DestinationCipher.Failure(description: "AES-GCM gave no combined form")
            }
            return PasswordSeal(rounds: rounds, salt: salt, sealed: Array(combined))
        } catch let failure as DestinationCipher.Failure {
            throw failure
        } catch {
            throw DestinationCipher.Failure(description: "sealing failed: \(error)")
        }
    }

    /// Parses a sealed destination; `nil` when `text` is not one (or uses too few rounds).
    public init?(parsing text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let fields = text.dropFirst(Self.prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, let rounds = Int(fields[0]), rounds >= Self.minimumRounds,
              let salt = Data(base64Encoded: String(fields[1])), salt.count >= 16,
              let sealed = Data(base64Encoded: String(fields[2])), sealed.count > 12 + 16 else { return nil }
        self.init(rounds: rounds, salt: Array(salt), sealed: Array(sealed))
    }

    init(rounds: Int, salt: [UInt8], sealed: [UInt8]) {
        self.rounds = rounds
        self.salt = salt
        self.sealed = sealed
    }
}

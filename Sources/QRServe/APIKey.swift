import Crypto
import CZlib
import Foundation

/// An API key as `qrbuild keys create` prints it: `qrb_live_`, 32 random base62 characters,
/// then a 6-character base62 checksum (CRC-32 of what comes before). The fixed prefix lets
/// secret scanners find a leaked key; the checksum lets a typo be told apart from an
/// unknown key without a lookup. Only the key's SHA-256 is ever stored.
public enum APIKey {
    public static let prefix = "qrb_live_"
    static let randomLength = 32
    static let checksumLength = 6
    /// The length of a whole key.
    public static let length = prefix.utf8.count + randomLength + checksumLength
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new key from the system's secure random source (getrandom on Linux).
    ///
    /// Complexity: O(1).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var body = Array(prefix.utf8)
        for _ in 0..<randomLength {
            // 62 does not divide 2^64 evenly; `random(in:using:)` rejects the uneven tail.
            body.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return String(decoding: body + checksum(of: body), as: UTF8.self)
    }

    /// Whether `text` has a key's shape and a checksum that matches.
    public static func isWellFormed(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == length, bytes.starts(with: prefix.utf8) else { return false }
        let body = Array(bytes[..<(length - checksumLength)])
        guard body.dropFirst(prefix.utf8.count).allSatisfy({ alphabet.contains($0) }) else { return false }
        return Array(bytes[(length - checksumLength)...]) == checksum(of: body)
    }

    /// The SHA-256 of the key, as stored: `sha256:` and 64 hex digits.
    public static func digest(of key: String) -> String {
        "sha256:" + hex(SHA256.hash(data: Array(key.utf8)))
    }

    /// Bytes as lower-case hex (by table: `String(format:)` cost most of a request's time).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// CRC-32 (zlib's) of `body` in six base62 digits, most significant first.
    private static func checksum(of body: [UInt8]) -> [UInt8] {
        var value = body.withUnsafeBufferPointer { UInt64(crc32(0, $0.baseAddress, uInt($0.count))) }
        var digits = [UInt8](repeating: alphabet[0], count: checksumLength)
        for index in stride(from: checksumLength - 1, through: 0, by: -1) {
            digits[index] = alphabet[Int(value % 62)]
            value /= 62
        }
        return digits
    }
}

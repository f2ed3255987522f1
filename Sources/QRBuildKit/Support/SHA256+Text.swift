import Crypto

extension SHA256 {
    /// Hashes a string's UTF-8 bytes in place, without copying them into a `Data` first.
    mutating func update(text: String) {
        var text = text
        text.withUTF8 { update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }
}

extension SHA256Digest {
    /// The digest as qrbuild writes it in lockfiles and caches: `sha256:` and 64 hex digits.
    var labelledHex: String { withUnsafeBytes { Hex.string($0, prefix: "sha256:") } }
}

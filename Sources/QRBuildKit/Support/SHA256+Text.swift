import Crypto

extension SHA256 {
    /// Hashes a string's UTF-8 bytes in place, without copying them into a `Data` first.
    mutating func update(text: String) {
        var text = text
        text.withUTF8 { update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }
}

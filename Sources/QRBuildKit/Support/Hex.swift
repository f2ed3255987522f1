/// Lower-case hexadecimal, for digests.
enum Hex {
    private static let digits: StaticString = "0123456789abcdef"

    /// `prefix`, then `bytes` as lower-case hex (two characters a byte), made in place in
    /// one allocation: it is called twice for every code of a build.
    ///
    /// - Complexity: O(*n*).
    static func string(_ bytes: UnsafeRawBufferPointer, prefix: StaticString = "") -> String {
        let prefixLength = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: prefixLength + 2 * bytes.count) { out in
            prefix.withUTF8Buffer { prefix in
                for (index, byte) in prefix.enumerated() { out[index] = byte }
            }
            digits.withUTF8Buffer { digits in
                for (index, byte) in bytes.enumerated() {
                    out[prefixLength + 2 * index] = digits[Int(byte >> 4)]
                    out[prefixLength + 2 * index + 1] = digits[Int(byte & 0xF)]
                }
            }
            return prefixLength + 2 * bytes.count
        }
    }

    /// The bytes of lower-case hex `text` (two characters a byte); nil if it is not that.
    ///
    /// - Complexity: O(*n*).
    static func bytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

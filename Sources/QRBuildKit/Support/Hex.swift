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
}

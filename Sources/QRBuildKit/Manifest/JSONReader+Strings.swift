/// Strings: the common unescaped case straight from the document's bytes, escapes and
/// `\u` sequences otherwise, and the UTF-8 check both share.
extension JSONReader {
    mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        // Most strings have no escapes: made straight from the document's bytes.
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"),
              bytes[index] >= 0x20 {
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            let text = bytes.withUnsafeBufferPointer { Self.validUTF8(UnsafeBufferPointer(rebasing: $0[start..<(index - 1)])) }
            guard let text else { throw error("the string before this point is not valid UTF-8") }
            return text
        }
        var out = [UInt8](bytes[start..<index])
        while true {
            guard index < bytes.count else { throw error("unexpected end of file inside a string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = out.withUnsafeBufferPointer(Self.validUTF8) else {
                    throw error("the string before this point is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of file inside a string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: Array(String(try parseUnicodeEscape()).utf8))
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                }
            case 0x00..<0x20:
                throw error(byte == 0x0A ? "a string cannot span lines (write \\n)" : "control character in a string (escape it)")
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    /// `bytes` as a string if they are valid UTF-8. Decoding repairs invalid sequences, so
    /// valid input is exactly what comes back; `String(validating:as:)` answers the same but
    /// through unspecialised generic code, which was most of the cost of reading a manifest.
    static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var text = String(decoding: bytes, as: UTF8.self)
        return text.withUTF8 { decoded in
            guard decoded.count == bytes.count, let left = decoded.baseAddress, let right = bytes.baseAddress else {
                return decoded.count == bytes.count
            }
            // Eight bytes at a time: a generic element-wise compare cost more than the decoding.
            var offset = 0
            while offset + 8 <= bytes.count {
                guard UnsafeRawPointer(left + offset).loadUnaligned(as: UInt64.self)
                        == UnsafeRawPointer(right + offset).loadUnaligned(as: UInt64.self) else { return false }
                offset += 8
            }
            while offset < bytes.count, left[offset] == right[offset] { offset += 1 }
            return offset == bytes.count
        } ? text : nil
    }

    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800..<0xDC00).contains(first) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("a high surrogate \\u\(String(first, radix: 16)) must be followed by a low one")
            }
            index += 2
            let second = try parseHex4()
            guard (0xDC00..<0xE000).contains(second),
                  let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else {
                throw error("invalid surrogate pair in a \\u escape")
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("a lone low surrogate in a \\u escape") }
        return scalar
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = UInt32(String(Unicode.Scalar(bytes[index])), radix: 16) else {
                throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}

/// JSON string literals, for output whose key order is part of the contract.
enum JSONText {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `out`, without an intermediate string
    /// when nothing needs escaping (almost always).
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        var text = text
        // Most strings need no escaping at all: check the bytes first. 0xE2 leads U+2028
        // and U+2029, which JavaScript does not allow raw in a string.
        let plain = text.withUTF8 { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0xE2 }
        }
        if plain {
            out.append(0x22)
            text.withUTF8 { out.append(contentsOf: $0) }
            out.append(0x22)
        } else {
            out.append(contentsOf: escaped(text).utf8)
        }
    }

    /// The literal for a string that needs escaping, scalar by scalar.
    private static func escaped(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

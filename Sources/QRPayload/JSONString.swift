/// JSON string literals, for the rare text that needs escaping.
public enum JSONString {
    /// `text` as a JSON string literal with its quotes: `"`, `\` and control characters
    /// escaped, and U+2028 and U+2029 too, so the literal is also safe inside a script.
    ///
    /// - Complexity: O(`text`'s length).
    public static func literal(_ text: String) -> String {
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

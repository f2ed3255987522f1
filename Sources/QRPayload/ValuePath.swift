/// The path of a value inside a JSON document as error messages show it:
/// `codes[3].data.ssid`, or `codes[3].style["my.key"]` for a key that is not a plain word.
///
/// A key is written bare only when it is letters, digits, `_` and `-`: any other key is
/// quoted, so that a path names one place and can be taken apart again (the HTTP API turns
/// paths into JSON Pointers, and a key `a.b` must not become two levels).
public enum ValuePath {
    /// One step of a path.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// `base` followed by the member `name`.
    ///
    /// - Complexity: O(`name`'s length) to decide whether it needs quotes.
    public static func member(_ name: String, of base: String) -> String {
        guard !isPlain(name) else { return base.isEmpty ? name : base + "." + name }
        return base + "[" + JSONString.literal(name) + "]"
    }

    /// The steps of `path`, as `member(_:of:)` and `[index]` write them: `phone[1].number`
    /// is `phone`, `1`, `number`; `style["a.b"]` is `style`, `a.b`. A path that is not well
    /// formed is taken as far as it is.
    ///
    /// - Complexity: O(`path`'s length).
    public static func components(_ path: String) -> [Component] {
        var components: [Component] = []
        var scalars = Substring(path).unicodeScalars[...]
        var name = ""
        func flush() {
            if !name.isEmpty { components.append(.key(name)) }
            name = ""
        }
        while let scalar = scalars.popFirst() {
            switch scalar {
            case ".":
                flush()
            case "[" where scalars.first == "\"":
                flush()
                scalars.removeFirst()
                guard let key = quotedKey(&scalars) else { return components }
                components.append(.key(key))
            case "[":
                flush()
                var digits = ""
                while let next = scalars.popFirst(), next != "]" { digits.unicodeScalars.append(next) }
                guard let index = Int(digits) else { return components }
                components.append(.index(index))
            default:
                name.unicodeScalars.append(scalar)
            }
        }
        flush()
        return components
    }

    private static func isPlain(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
        }
    }

    /// The rest of a quoted key after its opening `["`, up to and past its closing `"]`.
    private static func quotedKey(_ scalars: inout Substring.UnicodeScalarView.SubSequence) -> String? {
        var key = ""
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"":
                guard scalars.popFirst() == "]" else { return nil }
                return key
            case "\\":
                guard let escaped = scalars.popFirst() else { return nil }
                switch escaped {
                case "n": key += "\n"
                case "r": key += "\r"
                case "t": key += "\t"
                case "u":
                    let hex = String(String.UnicodeScalarView(scalars.prefix(4)))
                    scalars = scalars.dropFirst(4)
                    guard hex.count == 4, let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else { return nil }
                    key.unicodeScalars.append(decoded)
                default: key.unicodeScalars.append(escaped)
                }
            default:
                key.unicodeScalars.append(scalar)
            }
        }
        return nil
    }
}

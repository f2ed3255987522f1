import QRPayload

/// Writes ``FieldValue`` trees as JSON, keys in the order given, so output is stable
/// and diffs cleanly.
enum JSONWriter {
    /// Two-space indented JSON with a final newline.
    static func pretty(_ value: FieldValue) -> String {
        var out = Output()
        write(value, indent: "", into: &out)
        out += "\n"
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A byte buffer that `+=` appends to: one growing array instead of string concatenation.
    private struct Output {
        var bytes: [UInt8] = []

        static func += (output: inout Output, text: String) { output.bytes.append(contentsOf: text.utf8) }
    }

    private static func write(_ value: FieldValue, indent: String, into out: inout Output) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): out += JSONText.quoted(text)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            // Lists of scalars stay on one line: tags, secure flags.
            if items.allSatisfy({ if case .object = $0 { false } else if case .array = $0 { false } else { true } }) {
                out += "["
                for (index, item) in items.enumerated() {
                    if index > 0 { out += ", " }
                    write(item, indent: indent, into: &out)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += indent + "  "
                write(item, indent: indent + "  ", into: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, member) in members.enumerated() {
                out += indent + "  " + JSONText.quoted(member.name) + ": "
                write(member.value, indent: indent + "  ", into: &out)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }
}

extension FieldValue {
    /// `.string(text)`, or `.null` when `text` is nil.
    static func optional(_ text: String?) -> FieldValue { text.map(FieldValue.string) ?? .null }
}

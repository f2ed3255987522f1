import QRPayload

/// Writes ``FieldValue`` trees as JSON, keys in the order given, so output is stable
/// and diffs cleanly.
public enum JSONWriter {
    /// Two-space indented JSON with a final newline.
    public static func pretty(_ value: FieldValue) -> String {
        String(decoding: prettyBytes(value), as: UTF8.self)
    }

    /// ``pretty(_:)`` as UTF-8 bytes, for writing to a file without another copy.
    ///
    /// Complexity: O(n) in the size of the output.
    static func prettyBytes(_ value: FieldValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, depth: 0, into: &out)
        out.append(0x0A)
        return out
    }

    /// JSON on one line with a final newline: for files read by programs, a third smaller.
    ///
    /// Complexity: O(n) in the size of the output.
    public static func compactBytes(_ value: FieldValue) -> [UInt8] {
        var out: [UInt8] = []
        writeCompact(value, into: &out)
        out.append(0x0A)
        return out
    }

    private static func writeCompact(_ value: FieldValue, into out: inout [UInt8]) {
        switch value {
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2C) }
                writeCompact(item, into: &out)
            }
            out.append(0x5D)
        case .object(let members):
            out.append(0x7B)
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(0x2C) }
                JSONText.appendQuoted(member.name, to: &out)
                out.append(0x3A)
                writeCompact(member.value, into: &out)
            }
            out.append(0x7D)
        default:
            write(value, depth: 0, into: &out)
        }
    }

    private static func newline(depth: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    static func write(_ value: FieldValue, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): JSONText.appendQuoted(text, to: &out)
        case .array(let items):
            guard !items.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            // Lists of scalars stay on one line: tags, secure flags.
            if items.allSatisfy({ if case .object = $0 { false } else if case .array = $0 { false } else { true } }) {
                out.append(0x5B)
                for (index, item) in items.enumerated() {
                    if index > 0 { out.append(contentsOf: ", ".utf8) }
                    write(item, depth: depth, into: &out)
                }
                out.append(0x5D)
                return
            }
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2C) }
                newline(depth: depth + 1, into: &out)
                write(item, depth: depth + 1, into: &out)
            }
            newline(depth: depth, into: &out)
            out.append(0x5D)
        case .object(let members):
            guard !members.isEmpty else { out.append(contentsOf: "{}".utf8); return }
            out.append(0x7B)
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(0x2C) }
                newline(depth: depth + 1, into: &out)
                JSONText.appendQuoted(member.name, to: &out)
                out.append(contentsOf: ": ".utf8)
                write(member.value, depth: depth + 1, into: &out)
            }
            newline(depth: depth, into: &out)
            out.append(0x7D)
        }
    }
}

extension FieldValue {
    /// `.string(text)`, or `.null` when `text` is nil.
    static func optional(_ text: String?) -> FieldValue { text.map(FieldValue.string) ?? .null }
}

import QRPayload

/// Writes one JSON object straight into a byte buffer, in ``JSONWriter/pretty(_:)``'s
/// layout, for output too large to build as a ``FieldValue`` tree first (`codes.json` of
/// 100,000 codes). Only flat members: strings, nulls, booleans and lists of strings.
struct JSONObjectWriter {
    private(set) var bytes: [UInt8]
    private let depth: Int
    private var count = 0

    /// Starts an object at nesting `depth` (its members are indented one level deeper),
    /// taking over `bytes` (left empty) so that appending never copies it; `finish()` hands it back.
    init(appendingTo bytes: inout [UInt8], depth: Int) {
        self.bytes = []
        swap(&self.bytes, &bytes)
        self.depth = depth
        self.bytes.append(0x7B)
    }

    // Written as bytes: appending a string's UTF-8 view or a `repeatElement` goes through
    // generic code, which was most of the cost of a key (measured: 680 instructions each).
    private static let null: [UInt8] = [0x6E, 0x75, 0x6C, 0x6C]
    private static let `true`: [UInt8] = [0x74, 0x72, 0x75, 0x65]
    private static let `false`: [UInt8] = [0x66, 0x61, 0x6C, 0x73, 0x65]

    /// A line break, then room for the deepest indentation written.
    private static let lineBreak: [UInt8] = [0x0A] + [UInt8](repeating: 0x20, count: 32)

    /// A line break and the indentation of a line at `depth`.
    private mutating func newLine(depth: Int) {
        let length = 1 + depth * 2
        if length <= Self.lineBreak.count {
            bytes.append(contentsOf: Self.lineBreak[0..<length])
        } else {
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(0x20, count: depth * 2))
        }
    }

    /// Starts a member: the comma before it, its line and its name, quoted and escaped.
    private mutating func key(_ name: String) {
        startMember()
        JSONText.appendQuoted(name, to: &bytes)
        bytes.append(0x3A)
        bytes.append(0x20)
    }

    /// Starts a member whose name is one of qrbuild's own: written as it is, unscanned.
    private mutating func key(_ name: StaticString) {
        assert(name.withUTF8Buffer(JSONText.isPlain), "a JSON member name that needs escaping")
        startMember()
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
        bytes.append(0x20)
    }

    private mutating func startMember() {
        if count > 0 { bytes.append(0x2C) }
        count += 1
        newLine(depth: depth + 1)
    }

    mutating func string(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { JSONText.appendQuoted(value, to: &bytes) } else { bytes.append(contentsOf: Self.null) }
    }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: value ? Self.true : Self.false)
    }

    mutating func number(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A nested object, its members written by `body`.
    mutating func object(_ name: String, _ body: (inout JSONObjectWriter) -> Void) {
        key(name)
        var nested = JSONObjectWriter(appendingTo: &bytes, depth: depth + 1)
        body(&nested)
        bytes = nested.finish()
    }

    /// Any value, laid out as ``JSONWriter/pretty(_:)`` lays it out at this depth.
    mutating func value(_ name: StaticString, _ value: FieldValue) {
        key(name)
        JSONWriter.write(value, depth: depth + 1, into: &bytes)
    }

    /// A list of strings, on one line as ``JSONWriter`` writes lists of scalars.
    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(0x5B)
        for (index, value) in values.enumerated() {
            if index > 0 {
                bytes.append(0x2C)
                bytes.append(0x20)
            }
            JSONText.appendQuoted(value, to: &bytes)
        }
        bytes.append(0x5D)
    }

    /// Closes the object and hands back the buffer, leaving the writer empty.
    ///
    /// Mutating rather than consuming: a consuming call on a variable may pass a copy, and
    /// the closing brace then copied the whole buffer (measured: quadratic on a lockfile).
    mutating func finish() -> [UInt8] {
        if count > 0 { newLine(depth: depth) }
        bytes.append(0x7D)
        var result: [UInt8] = []
        swap(&result, &bytes)
        return result
    }
}

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

    private mutating func key(_ name: String) {
        if count > 0 { bytes.append(0x2C) }
        count += 1
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: (depth + 1) * 2))
        JSONText.appendQuoted(name, to: &bytes)
        bytes.append(contentsOf: ": ".utf8)
    }

    mutating func string(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONText.appendQuoted(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    mutating func bool(_ name: String, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func number(_ name: String, _ value: Int) {
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

    /// A list of strings, on one line as ``JSONWriter`` writes lists of scalars.
    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        bytes.append(0x5B)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(contentsOf: ", ".utf8) }
            JSONText.appendQuoted(value, to: &bytes)
        }
        bytes.append(0x5D)
    }

    /// Closes the object and hands back the buffer, leaving the writer empty.
    ///
    /// Mutating rather than consuming: a consuming call on a variable may pass a copy, and
    /// the closing brace then copied the whole buffer (measured: quadratic on a lockfile).
    mutating func finish() -> [UInt8] {
        if count > 0 {
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(0x20, count: depth * 2))
        }
        bytes.append(0x7D)
        var result: [UInt8] = []
        swap(&result, &bytes)
        return result
    }
}

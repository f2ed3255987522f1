/// Parsing a large array (or object) in parts: a cheap first pass finds where its
/// elements start, then parts of it are parsed strictly and independently, on all cores.
extension JSONReader {
    /// Where an array element starts, with the line it is on, so that it can be parsed
    /// on its own with the right locations.
    public struct ElementStart: Sendable {
        let offset: Int
        let line: Int
        /// The column at `offset`, so that a reader starting there counts from it.
        let column: Int
    }

    /// Parses `bytes` like `parse(_:skipping:)`, and returns where the skipped array's
    /// elements start, for `parseElements(_:starts:_:_:)`; with `objects`, an object under
    /// `key` is stepped over the same way, for `parseFlatMembers(_:starts:_:_:)`. The starts
    /// are found by matching brackets, so they are right for well-formed JSON; parsing the
    /// elements checks the rest.
    public static func parseRecordingElements(
        _ bytes: [UInt8], skipping key: String, objects: Bool = false
    ) throws(JSONSyntaxError) -> (document: JSONNode, elements: [ElementStart]) {
        guard bytes.count < Int(Int32.max) else {
            throw JSONSyntaxError(location: SourceLocation(line: 1, column: 1, offset: 0), message: "the document is larger than 2 GiB")
        }
        var reader = JSONReader(bytes: bytes)
        reader.streamedKey = key
        reader.skipsStream = true
        reader.skipsObjects = objects
        let document = try reader.parseDocument()
        return (document, reader.elementStarts)
    }

    /// Parses the members `range` of a top-level object stepped over by
    /// `parseRecordingElements`, each a key in double quotes, `:`, an object whose values are
    /// all strings (a lockfile's entries), then `,` (or `}` for the last): read straight into
    /// name-value pairs without a node per value. Anything else is a syntax error here; the
    /// caller then parses the whole document the general way, which reports the first real error.
    ///
    /// - Complexity: O(bytes of those members).
    public static func parseFlatMembers(
        _ bytes: [UInt8], starts: [ElementStart], _ range: Range<Int>,
        _ body: (_ name: String, _ nameLocation: SourceLocation, _ fields: [(String, String)]) -> Void
    ) throws(JSONSyntaxError) {
        var reader = JSONReader(bytes: bytes)
        var fields: [(String, String)] = []
        for element in range {
            reader.moveTo(starts[element])
            let nameLocation = reader.location
            let name = try reader.expectString()
            try reader.expectByte(UInt8(ascii: ":"))
            try reader.expectByte(UInt8(ascii: "{"))
            fields.removeAll(keepingCapacity: true)
            reader.skipWhitespace()
            if reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "}") {
                reader.index += 1
            } else {
                while true {
                    let key = try reader.expectString()
                    try reader.expectByte(UInt8(ascii: ":"))
                    fields.append((key, try reader.expectString()))
                    reader.skipWhitespace()
                    guard reader.index < bytes.count else { throw reader.error("unexpected end of file") }
                    let byte = bytes[reader.index]
                    reader.index += 1
                    if byte == UInt8(ascii: "}") { break }
                    guard byte == UInt8(ascii: ",") else { throw reader.error("expected ',' or '}'") }
                }
            }
            try reader.expectSeparator(last: element + 1 == starts.count, closing: UInt8(ascii: "}"))
            body(name, nameLocation, fields)
        }
    }

    /// Skips whitespace, then reads a string.
    private mutating func expectString() throws(JSONSyntaxError) -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string") }
        return try parseString()
    }

    /// Skips whitespace, then steps over `byte`.
    private mutating func expectByte(_ byte: UInt8) throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    /// Moves to an element start found by `skipArray`, past the whitespace there.
    private mutating func moveTo(_ start: ElementStart) {
        index = start.offset
        line = start.line
        // Columns count from the element's start; `lineStart` only has to lie before it.
        lineStart = start.offset
        columnIndex = start.offset
        columnAtIndex = start.column
        // Inside the top-level object and its array or object.
        depth = 2
        skipWhitespace()
    }

    /// Skips whitespace and checks for the `,` after an element, or `closing` after the last.
    private mutating func expectSeparator(last: Bool, closing: UInt8) throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == (last ? closing : UInt8(ascii: ",")) else {
            throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))' but found \(describeCurrent())")
        }
    }

    /// Parses the top-level array elements `range` of `starts` strictly, handing each to
    /// `body` with its index. Each must be one value followed by `,` (or `]` for the last
    /// element of the array): a part of an array can be parsed apart from the rest, so
    /// that large manifests are parsed on all cores.
    ///
    /// - Complexity: O(bytes of those elements).
    public static func parseElements(
        _ bytes: [UInt8], starts: [ElementStart], _ range: Range<Int>, _ body: (Int, JSONNode) -> Void
    ) throws(JSONSyntaxError) {
        var reader = JSONReader(bytes: bytes)
        for element in range {
            reader.moveTo(starts[element])
            let node = try reader.parseValue()
            try reader.expectSeparator(last: element + 1 == starts.count, closing: UInt8(ascii: "]"))
            body(element, node)
        }
    }

}

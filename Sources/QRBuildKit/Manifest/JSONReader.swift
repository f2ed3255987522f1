/// A JSON syntax error and where it is.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String

    public var description: String { "\(location): \(message)" }
}

/// A strict JSON (RFC 8259) parser that records each value's line, column and bytes.
///
/// Strict where it matters for a file people edit: no trailing commas, no comments,
/// no control characters in strings, valid UTF-8, and a nesting limit so hostile input
/// cannot exhaust the stack.
public struct JSONReader {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0
    /// A position on the current line whose column is known, so that `location` counts
    /// only the characters since: a manifest written on one line (as `jq -c` writes it)
    /// would otherwise cost the line's length for every value, O(n²) in all.
    var columnIndex = 0
    var columnAtIndex = 1
    var depth = 0
    private static let maximumDepth = 256
    /// With `parse(_:streaming:_:)`: the top-level member whose array elements go to `stream`.
    var streamedKey: String?
    private var stream: ((Int, JSONNode) -> Void)?
    /// With `parse(_:skipping:)`: the streamed array is stepped over, not parsed.
    var skipsStream = false
    /// With `parseRecordingElements(_:skipping:objects:)`: an object under the key is stepped over too.
    var skipsObjects = false
    /// Where each element of the skipped array starts (just after its `[` or `,`).
    var elementStarts: [ElementStart] = []

    /// Parses `bytes` as one JSON document.
    ///
    /// - Complexity: O(*n*).
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        guard bytes.count < Int(Int32.max) else {
            throw JSONSyntaxError(location: SourceLocation(line: 1, column: 1, offset: 0), message: "the document is larger than 2 GiB")
        }
        var reader = JSONReader(bytes: bytes)
        return try reader.parseDocument()
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        // A byte order mark is tolerated: some Windows editors write one.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            lineStart = 3
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else {
            throw error("unexpected \(describeCurrent()) after the end of the document")
        }
        return value
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses `bytes` like `parse(_:)`, but hands each element of the top-level member
    /// `key`'s array to `body` (with its index) instead of keeping it; in the returned tree
    /// that array is empty. A million-element array never exists as a tree at once.
    public static func parse(
        _ bytes: [UInt8], streaming key: String, _ body: (Int, JSONNode) -> Void
    ) throws(JSONSyntaxError) -> JSONNode {
        try withoutActuallyEscaping(body) { (escapable) throws(JSONSyntaxError) -> JSONNode in
            guard bytes.count < Int(Int32.max) else {
                throw JSONSyntaxError(location: SourceLocation(line: 1, column: 1, offset: 0), message: "the document is larger than 2 GiB")
            }
            var reader = JSONReader(bytes: bytes)
            reader.streamedKey = key
            reader.stream = escapable
            return try reader.parseDocument()
        }
    }

    /// Parses `bytes` like `parse(_:streaming:_:)` with no one to hand the elements to:
    /// the top-level member `key`'s array is stepped over by matching brackets, without
    /// checking what is inside, which is how a two-pass reader reads what surrounds a
    /// large array cheaply. Errors inside that array are left for the pass that parses it.
    ///
    /// - Complexity: O(*n*), with a small constant over the skipped array.
    public static func parse(_ bytes: [UInt8], skipping key: String) throws(JSONSyntaxError) -> JSONNode {
        try parseRecordingElements(bytes, skipping: key).document
    }

    /// The current position. The column counts characters: UTF-8 lead bytes, not
    /// continuation bytes (10xxxxxx), so no string is built for every value.
    ///
    /// - Complexity: O(characters since the last location asked for on the same line).
    var location: SourceLocation {
        mutating get {
            let end = min(index, bytes.count)
            if columnIndex < lineStart || columnIndex > end {
                columnIndex = lineStart
                columnAtIndex = 1
            }
            var column = columnAtIndex
            for byte in bytes[columnIndex..<end] where byte & 0xC0 != 0x80 { column += 1 }
            columnIndex = end
            columnAtIndex = column
            return SourceLocation(line: line, column: column, offset: index)
        }
    }

    mutating func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(location: location, message: message)
    }

    func describeCurrent() -> String {
        guard index < bytes.count else { return "end of file" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        guard index < bytes.count else { throw error("unexpected end of file: expected a value") }
        let start = location
        let kind: JSONNode.Kind
        switch bytes[index] {
        case UInt8(ascii: "{"): kind = try parseObject()
        case UInt8(ascii: "["): kind = try parseArray()
        case UInt8(ascii: "\""): kind = .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); kind = .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); kind = .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); kind = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): kind = .number(try parseNumber())
        default: throw error("unexpected \(describeCurrent()): expected a value")
        }
        return JSONNode(kind: kind, location: start, byteRange: start.offset..<index)
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONNode.Kind {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [JSONNode.Member] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error(members.isEmpty ? "expected a key in double quotes" : "expected a key in double quotes after ',' (no trailing commas in JSON)")
            }
            let nameLocation = location
            let name = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(name)\"") }
            index += 1
            skipWhitespace()
            // An object is stepped over like an array (members recorded), never streamed.
            let streams = depth == 1 && name == streamedKey && index < bytes.count
                && (bytes[index] == UInt8(ascii: "[") || (skipsObjects && bytes[index] == UInt8(ascii: "{")))
            let value = streams ? try parseStreamedArray() : try parseValue()
            members.append(JSONNode.Member(name: name, nameLocation: nameLocation, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file: the object is not closed with '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}' but found \(describeCurrent())") }
            index += 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONNode.Kind {
        var elements: [JSONNode] = []
        try parseElements { _, element in elements.append(element) }
        return .array(elements)
    }

    /// An array whose elements go to `stream` one by one; the node keeps none of them.
    private mutating func parseStreamedArray() throws(JSONSyntaxError) -> JSONNode {
        let start = location
        if skipsStream {
            try skipArray()
            return JSONNode(kind: .array([]), location: start, byteRange: start.offset..<index)
        }
        let stream = self.stream
        try parseElements { index, element in stream?(index, element) }
        return JSONNode(kind: .array([]), location: start, byteRange: start.offset..<index)
    }

    /// Steps over the array that starts here to just past its closing bracket, counting
    /// lines; strings are skipped whole, so brackets inside them do not count.
    private mutating func skipArray() throws(JSONSyntaxError) {
        let start = location
        var nesting = 0
        var inString = false
        var starts: [ElementStart] = []
        defer { elementStarts = starts }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if byte == 0x0A {
                    line += 1
                    lineStart = index
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                nesting += 1
                if nesting == 1 { starts.append(ElementStart(offset: index, line: line, column: location.column)) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                nesting -= 1
                if nesting == 0 {
                    // `[]` (or only whitespace inside) has no elements.
                    if starts.count == 1, bytes[starts[0].offset..<(index - 1)].allSatisfy(Self.isWhitespace) {
                        starts.removeAll()
                    }
                    return
                }
            case UInt8(ascii: ","):
                if nesting == 1 { starts.append(ElementStart(offset: index, line: line, column: location.column)) }
            case 0x0A:
                line += 1
                lineStart = index
            default: break
            }
        }
        throw JSONSyntaxError(location: start, message: "unexpected end of file: the array is not closed with ']'")
    }

    /// The elements of the array that starts here, each handed to `body` with its index:
    /// the one loop behind kept and streamed arrays.
    private mutating func parseElements(_ body: (Int, JSONNode) -> Void) throws(JSONSyntaxError) {
        try enter()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        var count = 0
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                throw error("expected a value after ',' (no trailing commas in JSON)")
            }
            body(count, try parseValue())
            count += 1
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file: the array is not closed with ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']' but found \(describeCurrent())") }
            index += 1
            return
        }
    }

    private mutating func expectWord(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("unexpected \(describeCurrent()): expected a value (strings need double quotes)")
        }
        index += expected.count
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - first
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        guard digits() > 0 else { throw error("a number needs digits") }
        if bytes[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 { throw error("numbers cannot have leading zeros") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("a number needs digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("a number needs digits in its exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}

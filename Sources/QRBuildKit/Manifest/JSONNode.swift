import QRPayload

/// Where something is in a source file: 1-based line and column, and the byte offset.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    // 32-bit fields: a million-code manifest holds several million of these (the reader
    // refuses documents over 2 GiB).
    private let storedLine: Int32
    private let storedColumn: Int32
    private let storedOffset: Int32

    public var line: Int { Int(storedLine) }
    /// Counted in Unicode characters, as editors show it.
    public var column: Int { Int(storedColumn) }
    public var offset: Int { Int(storedOffset) }

    public init(line: Int, column: Int, offset: Int) {
        storedLine = Int32(truncatingIfNeeded: line)
        storedColumn = Int32(truncatingIfNeeded: column)
        storedOffset = Int32(truncatingIfNeeded: offset)
    }

    public var description: String { "\(line):\(column)" }
}

/// A parsed JSON value that remembers where it was written, so errors can point at it
/// and edits can replace exactly its bytes and nothing else.
public struct JSONNode: Hashable, Sendable {
    /// Not `indirect`: the recursion goes through arrays, which are references already,
    /// and boxing every node cost a heap allocation per value.
    public enum Kind: Hashable, Sendable {
        case null
        case bool(Bool)
        /// The number as written.
        case number(String)
        case string(String)
        case array([JSONNode])
        case object([Member])
    }

    public struct Member: Hashable, Sendable {
        public let name: String
        public let nameLocation: SourceLocation
        public let value: JSONNode
    }

    public let kind: Kind
    public let location: SourceLocation
    private let endOffset: Int32

    /// The value's bytes in the source, first to last.
    public var byteRange: Range<Int> { location.offset..<Int(endOffset) }

    init(kind: Kind, location: SourceLocation, byteRange: Range<Int>) {
        self.kind = kind
        self.location = location
        endOffset = Int32(truncatingIfNeeded: byteRange.upperBound)
    }

    /// The JSON type name, for messages.
    public var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var isNull: Bool { kind == .null }

    public var stringValue: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    public var members: [Member]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    public var elements: [JSONNode]? {
        if case .array(let elements) = kind { return elements }
        return nil
    }

    public subscript(name: String) -> JSONNode? {
        members?.first { $0.name == name }?.value
    }

    /// The value without positions, as payload builders take it.
    public var fieldValue: FieldValue {
        switch kind {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let text): .number(text)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(\.fieldValue))
        case .object(let members): .object(members.map { FieldValue.Member($0.name, $0.value.fieldValue) })
        }
    }
}

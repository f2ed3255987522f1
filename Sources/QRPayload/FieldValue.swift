/// Structured input for a payload: the JSON value model, with numbers kept as the
/// text they were written as, so `52.520008` never turns into `52.520007999999997`.
public enum FieldValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number as written in JSON, e.g. `52.520008` or `-1e-7`.
    case number(String)
    case string(String)
    case array([FieldValue])
    /// Members in the order written.
    case object([Member])

    public struct Member: Hashable, Sendable {
        public let name: String
        public let value: FieldValue

        public init(_ name: String, _ value: FieldValue) {
            self.name = name
            self.value = value
        }
    }

    /// The JSON type name, for messages: `string`, `number`, `object`, …
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The member called `name`, if this is an object that has one.
    public subscript(name: String) -> FieldValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.value
    }
}

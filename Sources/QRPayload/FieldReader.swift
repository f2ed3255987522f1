/// Reads a `data` object's fields, collecting every problem instead of stopping at the first.
struct FieldReader {
    private let members: [FieldValue.Member]
    private let type: DataType
    private(set) var errors: [PayloadError] = []
    /// Whether the data was an object at all; if not, field errors would only repeat that.
    let isObject: Bool

    /// Checks that `value` is an object whose fields are all among `type`'s field names.
    init(_ value: FieldValue, type: DataType) {
        self.type = type
        guard case .object(let members) = value else {
            self.members = []
            isObject = false
            let fields = type.fieldNames.joined(separator: ", ")
            errors.append(PayloadError(path: "", "must be an object for dataType \"\(type.rawValue)\" (fields: \(fields)), not a \(value.typeName)"))
            return
        }
        self.members = members
        isObject = true
        var seen = Set<String>()
        for member in members {
            if !seen.insert(member.name).inserted {
                fail(ValuePath.member(member.name, of: ""), "appears twice")
            } else if !type.fieldNames.contains(member.name) {
                let hint = NameSuggestion.hint(for: member.name, among: type.fieldNames)
                fail(ValuePath.member(member.name, of: ""), "unknown field for dataType \"\(type.rawValue)\"\(hint)")
            }
        }
    }

    func value(_ name: String) -> FieldValue? {
        members.first { $0.name == name }.flatMap { $0.value == .null ? nil : $0.value }
    }

    mutating func fail(_ path: String, _ message: String) {
        errors.append(PayloadError(path: path, message))
    }

    /// A string field; `nil` (with an error when `required`) when absent or mistyped.
    mutating func string(_ name: String, required: Bool = false) -> String? {
        guard let value = value(name) else {
            if required && isObject { fail(name, "required for dataType \"\(type.rawValue)\"") }
            return nil
        }
        guard case .string(let text) = value else {
            fail(name, "must be a string, not a \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func bool(_ name: String) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else {
            fail(name, "must be true or false, not a \(value.typeName)")
            return nil
        }
        return flag
    }

    /// A number written as a JSON number or as a string of digits.
    mutating func number(_ name: String, required: Bool = false) -> String? {
        guard let value = value(name) else {
            if required && isObject { fail(name, "required for dataType \"\(type.rawValue)\"") }
            return nil
        }
        switch value {
        case .number(let text), .string(let text): return text
        default:
            fail(name, "must be a number, not a \(value.typeName)")
            return nil
        }
    }

    /// A string or a list of strings/objects: the shapes `phone` and `email` take in a vCard.
    func list(_ name: String) -> [(path: String, value: FieldValue)] {
        guard let value = value(name) else { return [] }
        if case .array(let items) = value {
            return items.enumerated().map { ("\(name)[\($0.offset)]", $0.element) }
        }
        return [(name, value)]
    }

    mutating func check(_ condition: Bool, _ path: String, _ message: String) {
        if !condition { fail(path, message) }
    }

    func finish<T>(_ result: T) throws(PayloadErrors) -> T {
        guard errors.isEmpty else { throw PayloadErrors(errors: errors) }
        return result
    }
}

import QRBuildKit
import QRPayload

/// Request bodies read with the manifest's own JSON reader (its depth and size limits, its
/// error words with line and column), then checked key by key.
enum RequestBody {
    /// The body as JSON; 400 with the reader's line and column if it is not.
    static func parse(_ bytes: [UInt8]) throws(APIProblem) -> FieldValue {
        do {
            return try JSONReader.parse(bytes).fieldValue
        } catch {
            throw APIProblem(.badRequest, "the body is not valid JSON: \(error.description)", invalid: [.init(pointer: "", detail: error.description)])
        }
    }

    /// The body as a JSON object with only `allowed` keys.
    static func object(_ bytes: [UInt8], allowed: [String]) throws(APIProblem) -> FieldValue {
        let value = try parse(bytes)
        guard case .object(let members) = value else {
            throw APIProblem(.badRequest, "the body must be a JSON object", invalid: [.init(pointer: "", detail: "must be an object")])
        }
        let invalid = keyProblems(members, allowed: allowed, at: "")
        guard invalid.isEmpty else { throw APIProblem.invalid(invalid) }
        return value
    }

    /// The members of an object at `pointer` whose key is not `allowed`, or is there twice.
    static func keyProblems(_ members: [FieldValue.Member], allowed: [String], at pointer: String) -> [APIProblem.Invalid] {
        var invalid: [APIProblem.Invalid] = []
        var seen = Set<String>()
        for member in members {
            if !allowed.contains(member.name) {
                invalid.append(.init(pointer: pointer + "/" + escaped(member.name), detail: "unknown key" + NameSuggestion.keyHint(for: member.name, among: allowed)))
            } else if !seen.insert(member.name).inserted {
                invalid.append(.init(pointer: pointer + "/" + escaped(member.name), detail: "appears twice; keep one"))
            }
        }
        return invalid
    }

    /// The keys `POST /api/qr/codes` takes.
    static let codeKeys = ["data", "dataType", "returnType", "style", "name", "tags", "type"]

    /// A create request's code; the manifest's checks (data, style, name) run when it is
    /// added, and name their place as pointers into this body.
    static func newCode(_ bytes: [UInt8]) throws(APIProblem) -> NewCode {
        let object = try object(bytes, allowed: codeKeys)
        return try newCode(object, pointer: "")
    }

    /// One code from a JSON object at `pointer` (`""`, or `/3` in a bulk request).
    static func newCode(_ object: FieldValue, pointer: String) throws(APIProblem) -> NewCode {
        var invalid: [APIProblem.Invalid] = []
        func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type) -> Choice? where Choice.RawValue == String {
            guard let value = object[key], value != .null else { return nil }
            let names = Choice.allCases.map(\.rawValue)
            guard case .string(let text) = value, let choice = Choice(rawValue: text) else {
                invalid.append(.init(pointer: pointer + "/" + key, detail: "must be one of \(names.joined(separator: ", "))"))
                return nil
            }
            return choice
        }
        guard let data = object["data"], data != .null else {
            throw APIProblem(.badRequest, "data is required", invalid: [.init(pointer: pointer + "/data", detail: "required")])
        }
        var code = NewCode(data: data)
        code.dataType = choice("dataType", DataType.self)
        code.returnType = choice("returnType", Manifest.ReturnType.self)
        if let type = choice("type", Manifest.CodeType.self), type != .dynamic {
            invalid.append(.init(pointer: pointer + "/type", detail: "codes made here are dynamic; render a static one with POST /api/qr/static"))
        }
        code.type = .dynamic
        if let name = object["name"], name != .null {
            if case .string(let text) = name { code.name = text } else { invalid.append(.init(pointer: pointer + "/name", detail: "must be a string")) }
        }
        if let tags = object["tags"], tags != .null {
            if case .array(let items) = tags, items.allSatisfy({ if case .string = $0 { true } else { false } }) {
                code.tags = items.compactMap { if case .string(let text) = $0 { text } else { nil } }
            } else {
                invalid.append(.init(pointer: pointer + "/tags", detail: "must be a list of strings"))
            }
        }
        if let style = object["style"], style != .null { code.style = style }
        guard invalid.isEmpty else { throw APIProblem.invalid(invalid) }
        return code
    }

    /// A key as a JSON Pointer token.
    static func escaped(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

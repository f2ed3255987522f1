import QRPayload

/// Collects manifest issues while decoding, with helpers that check a value's type and
/// report what is wrong at the value's JSON path and line:column.
///
/// Paths are taken as autoclosures and built only when something is reported: formatting
/// a path for every field of every code was a large part of decoding a big manifest.
struct DecodingContext {
    private(set) var issues: [ManifestIssue] = []

    mutating func report(_ path: String, at location: SourceLocation?, _ message: String) {
        issues.append(ManifestIssue(path: path, location: location, message: message))
    }

    /// The members of an object, after reporting unknown and repeated keys.
    mutating func object(_ node: JSONNode, path: @autoclosure () -> String, allowed: [String]) -> JSONFields? {
        guard let members = node.members else {
            report(path(), at: node.location, "must be an object, not a \(node.typeName)")
            return nil
        }
        var fields = JSONFields()
        fields.reserveCapacity(members.count)
        for member in members {
            func memberPath() -> String { ValuePath.member(member.name, of: path()) }
            if fields[member.name] != nil {
                report(memberPath(), at: member.nameLocation, "appears twice; keep one")
            } else if !allowed.contains(member.name) {
                let hint = NameSuggestion.keyHint(for: member.name, among: allowed)
                report(memberPath(), at: member.nameLocation, "unknown key\(hint)")
            } else {
                fields.append(member.name, member.value)
            }
        }
        return fields
    }

    mutating func string(_ node: JSONNode?, path: @autoclosure () -> String) -> String? {
        guard let node else { return nil }
        guard let text = node.stringValue else {
            report(path(), at: node.location, "must be a string, not a \(node.typeName)")
            return nil
        }
        return text
    }

    mutating func integer(_ node: JSONNode?, path: @autoclosure () -> String, in range: ClosedRange<Int>) -> Int? {
        guard let node else { return nil }
        guard case .number(let text) = node.kind, let value = Int(text) else {
            report(path(), at: node.location, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        guard range.contains(value) else {
            report(path(), at: node.location, "must be from \(range.lowerBound) to \(range.upperBound) (got \(value))")
            return nil
        }
        return value
    }

    /// One of an enumeration's raw values, with a did-you-mean hint when it is not.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: JSONNode?, path: @autoclosure () -> String, as type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        guard let text = string(node, path: path()), let node else { return nil }
        if let value = Choice(rawValue: text) { return value }
        let names = Choice.allCases.map(\.rawValue)
        let hint = NameSuggestion.hint(for: text, among: names)
        report(path(), at: node.location, "\"\(text)\" is not one of \(names.joined(separator: ", "))\(hint)")
        return nil
    }

    /// A list of strings, each checked by `validate` (which returns a message when it is wrong).
    mutating func strings(_ node: JSONNode?, path: @autoclosure () -> String, validate: (String) -> String?) -> [String]? {
        guard let node else { return nil }
        guard let elements = node.elements else {
            report(path(), at: node.location, "must be a list of strings, not a \(node.typeName)")
            return nil
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard let text = string(element, path: "\(path())[\(index)]") else { continue }
            if let problem = validate(text) {
                report("\(path())[\(index)]", at: element.location, problem)
            } else if !result.contains(text) {
                result.append(text)
            }
        }
        return result
    }

    /// Reports payload errors under `path` (e.g. `codes[3].data`), placed at the field they name.
    mutating func report(_ errors: PayloadErrors, under path: String, data: JSONNode) {
        for error in errors.errors {
            let nested = error.nested(under: path)
            report(nested.path, at: Self.locate(error.path, in: data), error.message)
        }
    }

    /// The location of a path like `phone[1].number` inside `node`, as far as it goes.
    static func locate(_ path: String, in node: JSONNode) -> SourceLocation {
        var current = node
        var location = node.location
        for component in ValuePath.components(path) {
            switch component {
            case .key(let name):
                guard let member = current.members?.first(where: { $0.name == name }) else { return location }
                current = member.value
                location = member.nameLocation
            case .index(let index):
                guard let elements = current.elements, index >= 0, index < elements.count else { return location }
                current = elements[index]
                location = current.location
            }
        }
        return location
    }
}

/// An object's members once `DecodingContext.object` has checked them, looked up by name.
///
/// A list searched in order rather than a dictionary: a manifest's objects have a handful
/// of members, and hashing every name (a dozen lookups per code) cost more than comparing
/// it with a few short strings.
struct JSONFields {
    private var members: [(name: String, value: JSONNode)] = []

    mutating func reserveCapacity(_ count: Int) { members.reserveCapacity(count) }

    /// Adds a member; the caller has checked that `name` is not there yet.
    mutating func append(_ name: String, _ value: JSONNode) { members.append((name, value)) }

    /// The member named `name`, if the object has it.
    ///
    /// - Complexity: O(n) in the number of members.
    subscript(name: String) -> JSONNode? {
        for member in members where member.name == name { return member.value }
        return nil
    }
}

import QRPayload

extension ManifestEditor {
    /// `rules ID add`: a rule inserted at `position` (1-based; nil: after the last), as one
    /// line of the code's `rules` list (which is added if the code has none).
    public mutating func addRule(id: String, when condition: RuleCondition, to url: String, at position: Int?) throws(BuildError) -> Manifest.Code {
        let (code, node) = try code(withID: id)
        try checkRoutable(code, id: id)
        guard !condition.isEmpty else {
            throw .conflicts(["a rule needs at least one condition: --os, --device, --language or --country"])
        }
        let normalized = try normalizedURL(url, named: "--to")
        let text = RoutingRule(when: condition, to: normalized).fieldValue.singleValuesUnwrapped.oneLine
        guard let rules = node.members?.first(where: { $0.name == "rules" })?.value, let elements = rules.elements else {
            if let position, position != 1 { throw .conflicts(["\(code.id?.text ?? id) has no rules yet, so the new one is rule 1"]) }
            try set("rules", to: "[" + text + "]", in: node)
            return try self.code(withID: id).code
        }
        let index = position.map { $0 - 1 } ?? elements.count
        guard (0...elements.count).contains(index) else {
            throw .conflicts(["\(code.id?.text ?? id) has \(elements.count) rules; a new one goes at 1 to \(elements.count + 1)"])
        }
        if elements.isEmpty {
            try splice(rules.byteRange, with: "[" + text + "]")
        } else {
            // In the list's own style: one rule per line, or all on the list's line.
            let onOneLine = elements[0].location.line == rules.location.line
            let separator = onOneLine ? ", " : ",\n" + indentation(ofLineAt: elements[0].byteRange.lowerBound)
            if index == elements.count {
                let end = elements[elements.count - 1].byteRange.upperBound
                try splice(end..<end, with: separator + text)
            } else {
                let start = elements[index].byteRange.lowerBound
                try splice(start..<start, with: text + separator)
            }
        }
        return try self.code(withID: id).code
    }

    /// `rules ID remove N`: rule N (1-based) taken out; the last one takes `rules` with it.
    public mutating func removeRule(id: String, number: Int) throws(BuildError) -> Manifest.Code {
        let (code, node) = try code(withID: id)
        try checkRoutable(code, id: id)
        guard let members = node.members, let memberIndex = members.firstIndex(where: { $0.name == "rules" }),
              let elements = members[memberIndex].value.elements, (1...max(1, elements.count)).contains(number), !elements.isEmpty else {
            throw .conflicts(["\(code.id?.text ?? id) has \(code.routing.rules.count) rules; there is no rule \(number) (`qrbuild rules \(id) list` shows them)"])
        }
        let range: Range<Int>
        if elements.count > 1 {
            let index = number - 1
            // The rule with the separator that follows it, or for the last one the separator before it.
            range = index + 1 < elements.count ? elements[index].byteRange.lowerBound..<elements[index + 1].byteRange.lowerBound
                : elements[index - 1].byteRange.upperBound..<elements[index].byteRange.upperBound
        } else if memberIndex > 0 {
            range = members[memberIndex - 1].value.byteRange.upperBound..<members[memberIndex].value.byteRange.upperBound
        } else if members.count > 1 {
            range = members[0].nameLocation.offset..<members[1].nameLocation.offset
        } else {
            range = node.byteRange.lowerBound + 1..<node.byteRange.upperBound - 1
        }
        try splice(range, with: "")
        return try self.code(withID: id).code
    }

    private func checkRoutable(_ code: Manifest.Code, id: String) throws(BuildError) {
        let name = code.id?.text ?? id
        guard code.type == .dynamic, code.dataType == .url else {
            throw .conflicts(["\(name) is not a dynamic url code; only those redirect, so only they take rules"])
        }
        if code.secure.contains(.locked) {
            throw .conflicts(["\(name): it is locked for compliance: its destinations are frozen. Change it in a reviewed edit of the manifest instead"])
        }
        if code.secure.contains(.password) || code.secure.contains(.encrypted) {
            throw .conflicts(["\(name) is \(code.secure.contains(.password) ? "password-protected" : "encrypted"): its destinations cannot be chosen by nginx"])
        }
    }
}

extension FieldValue {
    /// On one line with a space after each separator, as people write short objects:
    /// `{ "when": { "os": "ios" }, "to": "https://…" }`.
    var oneLine: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text): text
        case .string(let text): JSONText.quoted(text)
        case .array(let items): "[" + items.map(\.oneLine).joined(separator: ", ") + "]"
        case .object(let members):
            members.isEmpty ? "{}" : "{ " + members.map { JSONText.quoted($0.name) + ": " + $0.value.oneLine }.joined(separator: ", ") + " }"
        }
    }

    /// Lists of one element written as the element: `"os": "ios"` rather than `["ios"]`.
    var singleValuesUnwrapped: FieldValue {
        switch self {
        case .array(let items) where items.count == 1:
            if case .object = items[0] { return .array(items.map(\.singleValuesUnwrapped)) }
            return items[0]
        case .array(let items): return .array(items.map(\.singleValuesUnwrapped))
        case .object(let members): return .object(members.map { FieldValue.Member($0.name, $0.value.singleValuesUnwrapped) })
        default: return self
        }
    }
}

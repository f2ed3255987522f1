import QRPayload

/// What `qrbuild rules ID list` prints.
public enum RoutingListing {
    /// The rules numbered in the order they are tried, then what happens otherwise.
    public static func text(_ code: Manifest.Code) -> String {
        let routing = code.routing
        let name = code.name.map { " (\($0))" } ?? ""
        var lines = ["\(code.id?.text ?? "")\(name): \(routing.rules.count) rule\(routing.rules.count == 1 ? "" : "s"), tried in order, first match wins"]
        for (index, rule) in routing.rules.enumerated() {
            lines.append("  \(index + 1)  \(rule.when.summary) → \(rule.to)")
        }
        if routing.split.isEmpty {
            lines.append("  otherwise → \(code.payload)")
        } else {
            lines.append("  otherwise, split: " + routing.split.enumerated().map { "v\($0.offset + 1) \($0.element.percentText)% → \($0.element.to)" }.joined(separator: "; "))
        }
        for (label, text) in routing.summaryLines where label == "schedule" || label == "utm" || (label.isEmpty && text.hasPrefix("until")) {
            lines.append("  \(label.isEmpty ? "schedule" : label): \(text)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"id", "data", "rules", "split", "schedule", "utm"}` (the last four as `show --json` gives them).
    public static func json(_ code: Manifest.Code) -> String {
        let members = code.routing.members
        var object: [FieldValue.Member] = [.init("id", .optional(code.id?.text)), .init("data", .string(code.payload))]
        object.append(.init("rules", members.first { "\($0.name)" == "rules" }?.value ?? .array([])))
        for key in ["split", "schedule", "utm"] {
            if let member = members.first(where: { "\($0.name)" == key }) { object.append(.init(key, member.value)) }
        }
        return JSONWriter.pretty(.object(object))
    }
}

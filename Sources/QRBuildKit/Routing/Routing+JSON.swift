import QRPayload

extension Routing {
    /// `rules`, `split`, `schedule` and `utm` as the manifest writes them (times in UTC),
    /// each only when set: the members a code object adds.
    var members: [(name: StaticString, value: FieldValue)] {
        var members: [(name: StaticString, value: FieldValue)] = []
        if !rules.isEmpty { members.append(("rules", .array(rules.map(\.fieldValue)))) }
        if !split.isEmpty {
            members.append(("split", .array(split.map { variant in
                .object([.init("to", .string(variant.to)), .init("weight", .number(variant.percentText))])
            })))
        }
        if let schedule {
            var fields: [FieldValue.Member] = []
            if let from = schedule.from { fields.append(.init("from", .string(ScheduleTime.text(fromSeconds: from)))) }
            if let until = schedule.until { fields.append(.init("until", .string(ScheduleTime.text(fromSeconds: until)))) }
            if let before = schedule.before { fields.append(.init("before", .string(before))) }
            if let after = schedule.after { fields.append(.init("after", .string(after))) }
            members.append(("schedule", .object(fields)))
        }
        if let utm, !utm.values.isEmpty {
            members.append(("utm", .object(utm.values.map { FieldValue.Member($0.key, .string($0.value)) })))
        }
        return members
    }
}

extension Routing {
    /// Readable lines for `show`: (label, text), the label only on a group's first line.
    public var summaryLines: [(String, String)] {
        var lines: [(String, String)] = []
        for (index, rule) in rules.enumerated() {
            lines.append((index == 0 ? "rules" : "", "\(index + 1). \(rule.when.summary) → \(rule.to)"))
        }
        for (index, variant) in split.enumerated() {
            lines.append((index == 0 ? "split" : "", "v\(index + 1) \(variant.percentText)% → \(variant.to)"))
        }
        if let schedule {
            if let from = schedule.from {
                lines.append(("schedule", "from \(ScheduleTime.text(fromSeconds: from)); before it → \(schedule.before ?? "410 Gone")"))
            }
            if let until = schedule.until {
                lines.append((schedule.from == nil ? "schedule" : "", "until \(ScheduleTime.text(fromSeconds: until)); after it → \(schedule.after ?? "410 Gone")"))
            }
        }
        if let utm, !utm.values.isEmpty {
            lines.append(("utm", utm.values.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))
        }
        return lines
    }
}

extension RoutingRule {
    /// `{"when": {…}, "to": "…"}`, each condition as a list.
    var fieldValue: FieldValue {
        var conditions: [FieldValue.Member] = []
        if !when.os.isEmpty { conditions.append(.init("os", .array(when.os.map { .string($0.rawValue) }))) }
        if !when.device.isEmpty { conditions.append(.init("device", .array(when.device.map { .string($0.rawValue) }))) }
        if !when.language.isEmpty { conditions.append(.init("language", .array(when.language.map(FieldValue.string)))) }
        if !when.country.isEmpty { conditions.append(.init("country", .array(when.country.map(FieldValue.string)))) }
        return .object([.init("when", .object(conditions)), .init("to", .string(to))])
    }
}

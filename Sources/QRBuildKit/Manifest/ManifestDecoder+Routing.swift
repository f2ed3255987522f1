import QRPayload

extension ManifestDecoder {
    static let ruleKeys = ["when", "to"]
    static let conditionKeys = ["os", "device", "language", "country"]
    static let variantKeys = ["to", "weight"]
    static let scheduleKeys = ["from", "until", "before", "after"]
    /// Rules per code at most: each is tried in order at every scan of the code.
    static let maximumRules = 32
    static let maximumVariants = 20

    /// `rules`, `split`, `schedule` and `utm` of one code (`fields`), checked against what
    /// the code is; `utm` merged over the defaults' and its placeholders filled.
    static func decodeRouting(_ fields: JSONFields, path: @autoclosure () -> String, code: Manifest.Code, defaults: Defaults,
                              at location: SourceLocation, context: inout DecodingContext) -> Routing {
        var routing = Routing()
        let choosing = ["rules", "split", "schedule"].filter { fields[$0] != nil }
        if let key = choosing.first {
            let reason: String? = if code.type != .dynamic {
                "a static code encodes its content directly; only a dynamic code's redirect can choose a destination at scan time"
            } else if code.dataType != .url {
                "only url codes redirect; a \(code.dataType.rawValue) code opens a page"
            } else if code.secure.contains(.password) {
                "a password-protected code's destination is sealed for its unlock page, so nginx cannot choose among destinations"
            } else if code.secure.contains(.encrypted) {
                "an encrypted code's destinations would sit in the manifest in plain text; remove \"encrypted\" or the \(key)"
            } else {
                nil
            }
            if let reason, let node = fields[key] {
                context.report("\(path()).\(key)", at: node.location, reason)
            }
        }
        if let node = fields["rules"] { routing.rules = decodeRules(node, path: "\(path()).rules", context: &context) }
        if let node = fields["split"] { routing.split = decodeSplit(node, path: "\(path()).split", context: &context) }
        if let node = fields["schedule"] { routing.schedule = decodeSchedule(node, path: "\(path()).schedule", context: &context) }
        var utm = defaults.utm
        if let node = fields["utm"] {
            if case .null = node.kind {
                utm = nil
            } else if let own = decodeUTM(node, path: "\(path()).utm", context: &context) {
                if code.type != .dynamic || code.dataType != .url || code.secure.contains(.password) {
                    context.report("\(path()).utm", at: node.location, code.type != .dynamic
                        ? "a static code's URL is printed as it is; write the parameters into its data"
                        : "only a dynamic url code's destination can be tagged (a password-protected one is sealed)")
                }
                utm = utm.map { $0.merged(with: own) } ?? own
            }
        }
        // The defaults' tags apply where they can: dynamic url codes whose destination nginx sees.
        if let tags = utm, code.type == .dynamic, code.dataType == .url, !code.secure.contains(.password) {
            routing.utm = tags.filled(name: code.name, id: code.id?.text, tags: code.tags)
        }
        return routing
    }

    private static func decodeRules(_ node: JSONNode, path: String, context: inout DecodingContext) -> [RoutingRule] {
        guard let elements = node.elements else {
            context.report(path, at: node.location, "must be a list of rules such as [{\"when\": {\"os\": \"ios\"}, \"to\": \"https://…\"}], not a \(node.typeName)")
            return []
        }
        if elements.count > maximumRules {
            context.report(path, at: node.location, "has \(elements.count) rules; a code takes at most \(maximumRules) (each is tried at every scan)")
        }
        var rules: [RoutingRule] = []
        for (index, element) in elements.enumerated() {
            let rulePath = "\(path)[\(index)]"
            guard let fields = context.object(element, path: rulePath, allowed: ruleKeys) else { continue }
            let condition = fields["when"].flatMap { decodeCondition($0, path: "\(rulePath).when", context: &context) }
            if fields["when"] == nil {
                context.report("\(rulePath).when", at: element.location, "required: the conditions, e.g. {\"os\": \"ios\"}")
            }
            let target = destination(fields["to"], path: "\(rulePath).to", at: element.location, context: &context)
            if let condition, let target { rules.append(RoutingRule(when: condition, to: target)) }
        }
        return rules
    }

    private static func decodeCondition(_ node: JSONNode, path: String, context: inout DecodingContext) -> RuleCondition? {
        guard let fields = context.object(node, path: path, allowed: conditionKeys) else { return nil }
        var condition = RuleCondition()
        condition.os = values(fields["os"], path: "\(path).os", context: &context) { text in
            ClientOS(rawValue: text).map { .success($0) }
                ?? .failure(RoutingValueProblem(message: "\"\(text)\" is not one of \(ClientOS.allCases.map(\.rawValue).joined(separator: ", "))\(NameSuggestion.hint(for: text, among: ClientOS.allCases.map(\.rawValue)))"))
        }
        condition.device = values(fields["device"], path: "\(path).device", context: &context) { text in
            DeviceClass(rawValue: text).map { .success($0) }
                ?? .failure(RoutingValueProblem(message: "\"\(text)\" is not one of \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", "))\(NameSuggestion.hint(for: text, among: DeviceClass.allCases.map(\.rawValue)))"))
        }
        condition.language = values(fields["language"], path: "\(path).language", context: &context) { text in
            LanguageTag.isValid(text) ? .success(text.lowercased())
                : .failure(RoutingValueProblem(message: "\"\(text)\" is not a language tag or prefix such as \"de\", \"de-AT\" or \"zh-Hant-TW\" (letters and digits, at most three parts)"))
        }
        condition.country = values(fields["country"], path: "\(path).country", context: &context) { text in
            text.utf8.count == 2 && text.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) })
                ? .success(text.uppercased())
                : .failure(RoutingValueProblem(message: "\"\(text)\" is not an ISO 3166-1 country code such as \"FR\""))
        }
        if condition.isEmpty {
            if conditionKeys.allSatisfy({ fields[$0] == nil }) {
                context.report(path, at: node.location, "names no condition, so it would match every scan; put that destination in data instead, or add os, device, language or country")
            }
            return nil
        }
        return condition
    }

    /// A string or a non-empty list of strings, each made a value by `make`; repeats dropped.
    private static func values<Value: Equatable>(
        _ node: JSONNode?, path: String, context: inout DecodingContext, _ make: (String) -> Result<Value, RoutingValueProblem>
    ) -> [Value] {
        guard let node else { return [] }
        let items: [(JSONNode, String)]
        if node.stringValue != nil {
            items = [(node, path)]
        } else if let elements = node.elements, !elements.isEmpty {
            items = elements.enumerated().map { ($1, "\(path)[\($0)]") }
        } else {
            context.report(path, at: node.location, "must be a string or a non-empty list of strings")
            return []
        }
        var result: [Value] = []
        for (item, itemPath) in items {
            guard let text = context.string(item, path: itemPath) else { continue }
            switch make(text) {
            case .success(let value): if !result.contains(value) { result.append(value) }
            case .failure(let problem): context.report(itemPath, at: item.location, problem.message)
            }
        }
        return result
    }

    private static func decodeSplit(_ node: JSONNode, path: String, context: inout DecodingContext) -> [SplitVariant] {
        guard let elements = node.elements, elements.count >= 2 else {
            context.report(path, at: node.location, "must be a list of at least two variants, e.g. [{\"to\": \"https://…?v=a\", \"weight\": 50}, {\"to\": \"https://…?v=b\", \"weight\": 50}]")
            return []
        }
        if elements.count > maximumVariants {
            context.report(path, at: node.location, "has \(elements.count) variants; a split takes at most \(maximumVariants)")
        }
        var variants: [SplitVariant] = []
        var complete = true
        for (index, element) in elements.enumerated() {
            let variantPath = "\(path)[\(index)]"
            guard let fields = context.object(element, path: variantPath, allowed: variantKeys) else {
                complete = false
                continue
            }
            let target = destination(fields["to"], path: "\(variantPath).to", at: element.location, context: &context)
            var weight: Int?
            if let weightNode = fields["weight"] {
                if case .number(let text) = weightNode.kind, let hundredths = Self.hundredths(text), hundredths > 0 {
                    weight = hundredths
                } else {
                    context.report("\(variantPath).weight", at: weightNode.location, "must be a percentage above 0 with at most two decimals, e.g. 50 or 33.33")
                }
            } else {
                context.report("\(variantPath).weight", at: element.location, "required: the variant's share in percent, e.g. 50")
            }
            if let target, let weight { variants.append(SplitVariant(to: target, weight: weight)) } else { complete = false }
        }
        let total = variants.reduce(0) { $0 + $1.weight }
        if complete, total != 10_000 {
            context.report(path, at: node.location, "the weights add up to \(String(format2: total)); they must add up to 100")
        }
        return variants
    }

    /// `50`, `33.33` or `12.5` as hundredths; nil for anything else (exponents, three decimals).
    static func hundredths(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, (1...3).contains(whole.count), whole.allSatisfy(\.isASCII),
              whole.allSatisfy(\.isNumber), let wholeValue = Int(whole) else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        return wholeValue * 100 + fraction
    }

    private static func decodeSchedule(_ node: JSONNode, path: String, context: inout DecodingContext) -> Schedule? {
        guard let fields = context.object(node, path: path, allowed: scheduleKeys) else { return nil }
        var schedule = Schedule()
        let before = context.issues.count
        for (key, keyPath) in [("from", \Schedule.from), ("until", \Schedule.until)] {
            guard let timeNode = fields[key], let text = context.string(timeNode, path: "\(path).\(key)") else { continue }
            if let seconds = ScheduleTime.seconds(from: text) {
                schedule[keyPath: keyPath] = seconds
            } else {
                context.report("\(path).\(key)", at: timeNode.location, "\"\(text)\" is not a date and time to the second such as \"2027-03-01T00:00:00Z\" or \"2027-03-01T09:00:00+01:00\"")
            }
        }
        schedule.before = destination(fields["before"], path: "\(path).before", at: node.location, required: false, context: &context)
        schedule.after = destination(fields["after"], path: "\(path).after", at: node.location, required: false, context: &context)
        guard context.issues.count == before else { return nil }
        if schedule.from == nil, schedule.until == nil {
            context.report(path, at: node.location, "needs from, until or both (e.g. \"until\": \"2027-04-01T00:00:00Z\")")
            return nil
        }
        if let from = schedule.from, let until = schedule.until, until <= from {
            context.report("\(path).until", at: fields["until"]?.location, "is not after from; the window would be empty")
            return nil
        }
        if schedule.before != nil, schedule.from == nil {
            context.report("\(path).before", at: fields["before"]?.location, "has no from to be before; add from or remove before")
        }
        if schedule.after != nil, schedule.until == nil {
            context.report("\(path).after", at: fields["after"]?.location, "has no until to be after; add until or remove after")
        }
        return schedule
    }

    /// `utm`: an object of campaign parameters.
    static func decodeUTM(_ node: JSONNode, path: String, context: inout DecodingContext) -> UTMTags? {
        guard let fields = context.object(node, path: path, allowed: UTMTags.keys) else { return nil }
        var values: [(key: String, value: String)] = []
        for key in UTMTags.keys {
            guard let valueNode = fields[key], let text = context.string(valueNode, path: "\(path).\(key)") else { continue }
            if let problem = UTMTags.problem(with: text) {
                context.report("\(path).\(key)", at: valueNode.location, problem)
            } else {
                values.append((key, text))
            }
        }
        return UTMTags(values: values)
    }

    /// A destination URL, normalised as `data` is.
    private static func destination(_ node: JSONNode?, path: String, at location: SourceLocation, required: Bool = true,
                                    context: inout DecodingContext) -> String? {
        guard let node else {
            if required { context.report(path, at: location, "required: the destination URL") }
            return nil
        }
        guard let text = context.string(node, path: path) else { return nil }
        do {
            return try WebURL.normalize(text)
        } catch {
            context.report(path, at: node.location, error.message)
            return nil
        }
    }
}

/// A message about one value of a rule.
struct RoutingValueProblem: Error {
    let message: String
}

/// Language tags as rules name them.
enum LanguageTag {
    /// A primary language subtag of letters, then at most two subtags of letters or digits.
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), let primary = parts.first, (2...8).contains(primary.count),
              primary.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) }
        }
    }
}

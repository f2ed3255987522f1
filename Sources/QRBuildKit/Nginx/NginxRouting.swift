/// The maps that route scans of codes whose destination is chosen at scan time (rules,
/// split, schedule), chained so nginx evaluates each only when a scan needs it.
///
/// A plain code's entry in the main map is its destination, so its scan costs the one
/// lookup it always did (and a lookup in the small `$qrbuild_rule` map for its log line).
/// A routed code's entry is `$qrbuild_routed_target`, which pulls in, lazily:
///
///     $qrbuild_rule         the label that answers: r1…rN, v1…vN, b, a or d
///       $qrbuild_pick         before (b) or after (a) the schedule's window, else:
///         $qrbuild_phase        "$qrbuild_tN$qrbuild_tM": 1 where $msec is at or after a boundary
///         $qrbuild_rule_pick    the first rule that matches, else:
///           $qrbuild_rule_key     this code's view of the scan: client|language|country
///           $qrbuild_split_pick   the split's variant (split_clients), else d (data)
///     $qrbuild_routed_target  the label's destination
///
/// Conditions are not tested one by one: for each code the compiler lists every view of
/// a scan under which some rule matches (the client's `os.device`, the longest language
/// prefix the code's rules mention, the country if the rules mention it) with the first
/// rule that matches it, so a scan is one exact lookup whatever the number of rules.
struct NginxRouting {
    /// A routed code: its map key (the path, unquoted) and what it may answer.
    struct Code {
        let path: String
        let routing: Routing
        /// `data`, tagged.
        let destination: String
        /// For messages: `codes[3]`.
        let place: String
    }

    /// The entry lines of each map (by position in `mapNames`), as bytes: at 100,000
    /// routed codes they are over a million lines, and one string each doubled the memory.
    private var entries: [[UInt8]]
    private(set) var problems: [ManifestIssue] = []
    /// Distinct boundaries, in first-seen order, with their variable's number.
    private var boundaries: [Int: Int] = [:]
    private var boundaryOrder: [Int] = []
    /// Distinct weight lists, with their `split_clients` variable's number.
    private var splits: [[Int]: Int] = [:]
    private var splitOrder: [[Int]] = []
    private(set) var longestKey = 0
    private(set) var largestMap = 0

    /// Combinations of a code's scan views at most: a code whose rules mention many
    /// languages and countries and clients at once lists each combination.
    static let maximumViews = 20_000

    static let mapNames = ["rule", "routed_target", "phase", "pick", "rule_key", "rule_pick", "split_pick", "lc3", "lc2", "lc1", "cc"]

    /// Entries per map, by position in `mapNames`.
    private var counts: [Int]

    /// The bytes of every map's entries.
    var byteCount: Int { entries.reduce(0) { $0 + $1.count } }

    init(codes: [Code]) {
        entries = Array(repeating: [], count: Self.mapNames.count)
        counts = Array(repeating: 0, count: Self.mapNames.count)
        for code in codes { add(code) }
        largestMap = counts.max() ?? 0
    }

    private mutating func entry(_ map: String, key: String, value: String) {
        guard let index = Self.mapNames.firstIndex(of: map) else { return }
        let quotedKey = NginxText.quoted(key)
        longestKey = max(longestKey, quotedKey.utf8.count)
        entries[index] += "    ".utf8
        entries[index] += quotedKey.utf8
        entries[index].append(0x20)
        entries[index] += value.utf8
        entries[index] += ";\n".utf8
        counts[index] += 1
    }

    private mutating func target(_ code: Code, label: String, url: String?, field: String) {
        guard let url else {
            entry("routed_target", key: "\(code.path)|\(label)", value: "\"\(NginxCompiler.goneMarker)\"")
            return
        }
        let tagged = code.routing.utm.map { $0.apply(to: url) } ?? url
        let value = NginxText.quoted(tagged)
        guard value.utf8.count <= NginxCompiler.maximumValueBytes else {
            problems.append(ManifestIssue(path: "\(code.place).\(field)", location: nil,
                                          message: "the destination is \(tagged.utf8.count) bytes with its UTM tags; nginx takes at most \(NginxCompiler.maximumValueBytes) in one value, so shorten it"))
            return
        }
        entry("routed_target", key: "\(code.path)|\(label)", value: value)
    }

    private mutating func add(_ code: Code) {
        let routing = code.routing
        entry("rule", key: code.path, value: "$qrbuild_pick")
        // Destinations by label.
        for (index, rule) in routing.rules.enumerated() {
            target(code, label: "r\(index + 1)", url: rule.to, field: "rules[\(index)].to")
        }
        for (index, variant) in routing.split.enumerated() {
            target(code, label: "v\(index + 1)", url: variant.to, field: "split[\(index)].to")
        }
        if routing.split.isEmpty { entry("routed_target", key: "\(code.path)|d", value: NginxText.quoted(code.destination)) }
        // The schedule's window.
        if let schedule = routing.schedule {
            // Braces: "$qrbuild_t3" followed by "0" would read as the variable qrbuild_t30.
            let from = schedule.from.map { "${qrbuild_t\(boundary($0))}" } ?? "1"
            let until = schedule.until.map { "${qrbuild_t\(boundary($0))}" } ?? "0"
            entry("phase", key: code.path, value: "\"\(from)\(until)\"")
            if schedule.from != nil {
                entry("pick", key: "\(code.path)|00", value: "\"b\"")
                target(code, label: "b", url: schedule.before, field: "schedule.before")
            }
            if schedule.until != nil {
                entry("pick", key: "\(code.path)|11", value: "\"a\"")
                target(code, label: "a", url: schedule.after, field: "schedule.after")
            }
        }
        // The split.
        if !routing.split.isEmpty {
            let weights = routing.split.map(\.weight)
            let number = splits[weights] ?? {
                splitOrder.append(weights)
                splits[weights] = splitOrder.count
                return splitOrder.count
            }()
            entry("split_pick", key: code.path, value: "$qrbuild_split\(number)")
        }
        guard !routing.rules.isEmpty else { return }
        addRules(code)
    }

    /// The number of the `$qrbuild_tN` variable for `seconds`.
    private mutating func boundary(_ seconds: Int) -> Int {
        if let number = boundaries[seconds] { return number }
        boundaryOrder.append(seconds)
        boundaries[seconds] = boundaryOrder.count
        return boundaryOrder.count
    }

    /// The rule views of `code`, each with the first rule that matches it.
    private mutating func addRules(_ code: Code) {
        let rules = code.routing.rules
        let usesClient = rules.contains { !$0.when.os.isEmpty || !$0.when.device.isEmpty }
        let languages = Array(Set(rules.flatMap(\.when.language))).sorted()
        let countries = Array(Set(rules.flatMap(\.when.country))).sorted()
        let clients: [(os: ClientOS, device: DeviceClass)?] = usesClient ? ClientPatterns.values : [nil]
        let languageViews: [String?] = languages.isEmpty ? [nil] : languages + ["_"]
        let countryViews: [String?] = countries.isEmpty ? [nil] : countries + ["_"]
        guard clients.count * languageViews.count * countryViews.count <= Self.maximumViews else {
            problems.append(ManifestIssue(path: "\(code.place).rules", location: nil,
                                          message: "the rules name \(languages.count) languages and \(countries.count) countries"
                                              + (usesClient ? " with os or device" : "") + ": more combinations than nginx should list "
                                              + "(\(Self.maximumViews)); split them across codes or name fewer"))
            return
        }
        // This code's view of a scan: only what its rules look at.
        let clientPart = usesClient ? "$qrbuild_client" : "-"
        let languagePart = languages.isEmpty ? "-" : "$qrbuild_lc3"
        let countryPart = countries.isEmpty ? "-" : "$qrbuild_cc"
        entry("rule_key", key: code.path, value: "\"\(clientPart)|\(languagePart)|\(countryPart)\"")
        for language in languages {
            let level = language.split(separator: "-").count
            entry("lc\(level)", key: "\(code.path)|\(language)", value: NginxText.quoted(language))
        }
        for country in countries { entry("cc", key: "\(code.path)|\(country)", value: NginxText.quoted(country)) }
        for client in clients {
            for language in languageViews {
                for country in countryViews {
                    guard let index = rules.firstIndex(where: { Self.matches($0.when, client: client, language: language, country: country) })
                    else { continue }
                    let view = [client.map { ClientPatterns.label($0.os, $0.device) } ?? "-", language ?? "-", country ?? "-"].joined(separator: "|")
                    entry("rule_pick", key: "\(code.path)|\(view)", value: "\"r\(index + 1)\"")
                }
            }
        }
    }

    /// Whether a rule holds for a view (nil parts: the code's rules do not look there).
    static func matches(_ condition: RuleCondition, client: (os: ClientOS, device: DeviceClass)?, language: String?, country: String?) -> Bool {
        if !condition.os.isEmpty { guard let client, condition.os.contains(client.os) else { return false } }
        if !condition.device.isEmpty { guard let client, condition.device.contains(client.device) else { return false } }
        if !condition.language.isEmpty {
            guard let language, language != "_",
                  condition.language.contains(where: { language == $0 || language.hasPrefix($0 + "-") }) else { return false }
        }
        if !condition.country.isEmpty { guard let country, condition.country.contains(country) else { return false } }
        return true
    }

    /// The http-level text: the global maps, then every routed code's entries, each map's
    /// given up once written (they are as large as what they are written into).
    mutating func write(countryVariable: String?, into bytes: inout [UInt8]) {
        var out = "\n# Codes with rules, splits or schedules: see the README. Each map is read only\n"
        out += "# when a scan of such a code needs it.\n"
        out += ClientPatterns.mapText
        out += "# The first language of Accept-Language, to one, two and three subtags.\n"
        let subtag = "[A-Za-z0-9]{1,8}"
        let end = "(?:[;,]|[ ]|$)"
        out += "map $http_accept_language $qrbuild_lang1 {\n    default \"\";\n    \"~^[ ]*([A-Za-z]{1,8})(?:-|\(end))\" $1;\n}\n"
        out += "map $http_accept_language $qrbuild_lang2 {\n    default \"\";\n    \"~^[ ]*([A-Za-z]{1,8}-\(subtag))(?:-|\(end))\" $1;\n}\n"
        out += "map $http_accept_language $qrbuild_lang3 {\n    default \"\";\n    \"~^[ ]*([A-Za-z]{1,8}-\(subtag)-\(subtag))(?:-|\(end))\" $1;\n}\n"
        for (number, seconds) in boundaryOrder.enumerated() {
            out += "# \(ScheduleTime.text(fromSeconds: seconds)): 1 from that second on.\n"
            out += "map $msec $qrbuild_t\(number + 1) {\n    default 0;\n    \"~\(EpochPattern.atLeast(seconds))\" 1;\n}\n"
        }
        for (number, weights) in splitOrder.enumerated() {
            // Sticky per visitor (address and user agent) and independent per code.
            out += "split_clients \"${remote_addr}|${http_user_agent}|${uri}\" $qrbuild_split\(number + 1) {\n"
            for (index, weight) in weights.enumerated() {
                let share = index == weights.count - 1 ? "*" : String(format2: weight) + "%"
                out += "    \(share) \"v\(index + 1)\";\n"
            }
            out += "}\n"
        }
        let country = countryVariable ?? ""
        let maps: [(name: String, source: String, fallback: String, comment: String)] = [
            ("rule", "$uri", "\"\"", "The label that answers a scan of a routed code (logged as \"rule\"); \"\" for the others."),
            ("routed_target", "\"$uri|$qrbuild_rule\"", "\"\"", "Each label's destination."),
            ("phase", "$uri", "\"\"", "Where the scan falls in the code's schedule: 00 before, 10 during, 11 after."),
            ("pick", "\"$uri|$qrbuild_phase\"", "$qrbuild_rule_pick", "Before or after the schedule, else the rules."),
            ("rule_key", "$uri", "\"\"", "What each code's rules look at."),
            ("rule_pick", "\"$uri|$qrbuild_rule_key\"", "$qrbuild_split_pick", "The first rule that matches, else the split."),
            ("split_pick", "$uri", "\"d\"", "The split's variant, else d (the code's data)."),
            ("lc3", "\"$uri|$qrbuild_lang3\"", "$qrbuild_lc2", "The longest language prefix the code's rules name."),
            ("lc2", "\"$uri|$qrbuild_lang2\"", "$qrbuild_lc1", ""),
            ("lc1", "\"$uri|$qrbuild_lang1\"", "\"_\"", ""),
            ("cc", "\"$uri|\(country)\"", "\"_\"", "The country, if the code's rules name it."),
        ]
        bytes += out.utf8
        for map in maps {
            var head = map.comment.isEmpty ? "" : "# \(map.comment)\n"
            head += "map \(map.source) $qrbuild_\(map.name) {\n    default \(map.fallback);\n"
            bytes += head.utf8
            if let index = Self.mapNames.firstIndex(of: map.name) {
                bytes += entries[index]
                entries[index] = []
            }
            bytes += "}\n".utf8
        }
    }
}

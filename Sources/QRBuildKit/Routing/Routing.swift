/// Who a dynamic code sends where, and when, beyond its one destination: rules tried in
/// order (first match wins), a weighted split, a schedule and UTM tags. All of it is
/// compiled into nginx maps (see `NginxRouting`); `data` stays the default destination.
public struct Routing: Hashable, Sendable {
    /// The parts, boxed: a manifest holds a million codes and almost none are routed, so a
    /// code carries one word for its routing, not the hundred bytes of the parts inline
    /// (measured: the parts inline doubled the peak memory of compiling 1,000,000 codes).
    private final class Parts: Sendable {
        let rules: [RoutingRule]
        let split: [SplitVariant]
        let schedule: Schedule?
        let utm: UTMTags?

        init(rules: [RoutingRule], split: [SplitVariant], schedule: Schedule?, utm: UTMTags?) {
            self.rules = rules
            self.split = split
            self.schedule = schedule
            self.utm = utm
        }
    }

    private var parts: Parts?

    public init() {}

    public var rules: [RoutingRule] {
        get { parts?.rules ?? [] }
        set { update(rules: newValue) }
    }

    public var split: [SplitVariant] {
        get { parts?.split ?? [] }
        set { update(split: newValue) }
    }

    public var schedule: Schedule? {
        get { parts?.schedule }
        set { update(schedule: .some(newValue)) }
    }

    /// Resolved for this code: defaults merged, placeholders filled.
    public var utm: UTMTags? {
        get { parts?.utm }
        set { update(utm: .some(newValue)) }
    }

    /// A new box with one part replaced; none at all when every part is empty.
    private mutating func update(rules: [RoutingRule]? = nil, split: [SplitVariant]? = nil, schedule: Schedule?? = nil, utm: UTMTags?? = nil) {
        let next = Parts(rules: rules ?? self.rules, split: split ?? self.split, schedule: schedule ?? self.schedule, utm: utm ?? self.utm)
        parts = next.rules.isEmpty && next.split.isEmpty && next.schedule == nil && next.utm == nil ? nil : next
    }

    /// True when a scan's destination depends on who scans or when: the code then takes
    /// the rule maps' path in nginx instead of a single map value.
    public var choosesAtScan: Bool { !rules.isEmpty || !split.isEmpty || schedule != nil }

    public static func == (lhs: Routing, rhs: Routing) -> Bool {
        lhs.rules == rhs.rules && lhs.split == rhs.split && lhs.schedule == rhs.schedule && lhs.utm == rhs.utm
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rules)
        hasher.combine(split)
        hasher.combine(schedule)
        hasher.combine(utm)
    }
}

/// One rule: every condition of `when` must hold.
public struct RoutingRule: Hashable, Sendable {
    public var when: RuleCondition
    /// The destination, normalised like `data`.
    public var to: String

    public init(when: RuleCondition, to: String) {
        self.when = when
        self.to = to
    }
}

/// The conditions of a rule; an empty list does not constrain.
public struct RuleCondition: Hashable, Sendable {
    public var os: [ClientOS] = []
    public var device: [DeviceClass] = []
    /// Language tags or tag prefixes, lower-cased (`de`, `de-at`): a request's first
    /// `Accept-Language` choice matches a prefix at a subtag boundary.
    public var language: [String] = []
    /// ISO 3166-1 alpha-2 codes, upper-cased.
    public var country: [String] = []

    public init() {}

    public var isEmpty: Bool { os.isEmpty && device.isEmpty && language.isEmpty && country.isEmpty }

    /// The condition in the manifest's words, e.g. `os=ios,android device=phone`.
    public var summary: String {
        var parts: [String] = []
        if !os.isEmpty { parts.append("os=" + os.map(\.rawValue).joined(separator: ",")) }
        if !device.isEmpty { parts.append("device=" + device.map(\.rawValue).joined(separator: ",")) }
        if !language.isEmpty { parts.append("language=" + language.joined(separator: ",")) }
        if !country.isEmpty { parts.append("country=" + country.joined(separator: ",")) }
        return parts.joined(separator: " ")
    }
}

/// Operating systems a rule can name.
public enum ClientOS: String, CaseIterable, Hashable, Sendable {
    case ios, android, windows, macos, linux, other
}

/// Device classes a rule can name.
public enum DeviceClass: String, CaseIterable, Hashable, Sendable {
    case phone, tablet, desktop
}

/// One variant of an A/B split.
public struct SplitVariant: Hashable, Sendable {
    public var to: String
    /// Hundredths of a percent: nginx's `split_clients` takes two decimals.
    public var weight: Int

    public init(to: String, weight: Int) {
        self.to = to
        self.weight = weight
    }

    /// The weight as written in percent, e.g. `50` or `33.33`.
    public var percentText: String {
        String(format2: weight)
    }
}

extension String {
    /// Hundredths as a decimal with up to two places: 3333 → "33.33", 1050 → "10.5".
    init(format2 hundredths: Int) {
        let whole = hundredths / 100
        let fraction = hundredths % 100
        guard fraction != 0 else {
            self = String(whole)
            return
        }
        var text = "\(whole)." + (fraction < 10 ? "0" : "") + String(fraction)
        while text.hasSuffix("0") { text.removeLast() }
        self = text
    }
}

/// A code's active window: before `from` it goes to `before`, after `until` to `after`
/// (each absent: 410 Gone); in between, its rules, split or data.
public struct Schedule: Hashable, Sendable {
    /// Seconds since 1970, UTC; the first second of the window.
    public var from: Int?
    /// Seconds since 1970, UTC; the first second after the window.
    public var until: Int?
    public var before: String?
    public var after: String?

    public init(from: Int? = nil, until: Int? = nil, before: String? = nil, after: String? = nil) {
        self.from = from
        self.until = until
        self.before = before
        self.after = after
    }
}

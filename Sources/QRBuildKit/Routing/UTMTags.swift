import Foundation

/// Campaign parameters (`utm_source` …) added to every destination of a code, unless
/// the destination already has that parameter.
public struct UTMTags: Hashable, Sendable {
    /// The parameters the manifest's `utm` object may set, in the order they are added.
    public static let keys = ["source", "medium", "campaign", "term", "content", "id"]

    /// Values by key (a key of `keys`), placeholders filled for a code or still in place
    /// (in `defaults`). An empty value adds no parameter.
    public var values: [(key: String, value: String)]

    public init(values: [(key: String, value: String)]) {
        self.values = values
    }

    public static func == (lhs: UTMTags, rhs: UTMTags) -> Bool {
        lhs.values.elementsEqual(rhs.values) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in values {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    /// These tags with `other`'s keys put over them (a code's own over the defaults').
    public func merged(with other: UTMTags) -> UTMTags {
        var result = values.filter { own in !other.values.contains { $0.key == own.key } } + other.values
        result.sort { (Self.keys.firstIndex(of: $0.key) ?? 0) < (Self.keys.firstIndex(of: $1.key) ?? 0) }
        return UTMTags(values: result)
    }

    /// The values with `{name}`, `{id}` and `{tag}` (the first tag) filled in for a code;
    /// a placeholder with nothing to fill is left empty, so its parameter is not added.
    public func filled(name: String?, id: String?, tags: [String]) -> UTMTags {
        UTMTags(values: values.map { key, value in
            var text = value
            text = text.replacingOccurrences(of: "{name}", with: name ?? "")
            text = text.replacingOccurrences(of: "{id}", with: id ?? "")
            text = text.replacingOccurrences(of: "{tag}", with: tags.first ?? "")
            return (key, text)
        })
    }

    /// A message when `value` has a placeholder other than `{name}`, `{id}` and `{tag}`.
    static func problem(with value: String) -> String? {
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            let tail = rest[open...]
            guard let close = tail.firstIndex(of: "}") else {
                return "has a \"{\" without \"}\"; the placeholders are {name}, {id} and {tag}"
            }
            let placeholder = tail[open...close]
            guard ["{name}", "{id}", "{tag}"].contains(placeholder) else {
                return "\"\(placeholder)\" is not a placeholder; use {name}, {id} or {tag}"
            }
            rest = tail[tail.index(after: close)...]
        }
        return value.utf8.count > 200 ? "is \(value.utf8.count) bytes; keep a campaign parameter under 200" : nil
    }

    /// `url` with each tag added as `utm_<key>=<value>` (percent-encoded) before any
    /// fragment, except those it already has (compared ignoring case).
    ///
    /// Complexity: O(n + t) for a URL of n bytes and t tags.
    public func apply(to url: String) -> String {
        let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
        var head = String(url[..<fragmentStart])
        let fragment = url[fragmentStart...]
        let queryStart = head.firstIndex(of: "?")
        let existing: Set<String> = queryStart.map { start in
            Set(head[head.index(after: start)...].split(separator: "&").map { pair in
                String(pair.prefix { $0 != "=" }).lowercased()
            })
        } ?? []
        var separator = queryStart == nil ? "?" : (head.hasSuffix("?") || head.hasSuffix("&") ? "" : "&")
        for (key, value) in values where !value.isEmpty && !existing.contains("utm_" + key) {
            head += separator + "utm_" + key + "=" + Self.percentEncoded(value)
            separator = "&"
        }
        return head + fragment
    }

    /// RFC 3986 unreserved characters kept, every other byte of the UTF-8 as `%XX`: nothing
    /// of a value can end the parameter, start another, or reach nginx as syntax.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in value.utf8 {
            let unreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if unreserved {
                bytes.append(byte)
            } else {
                bytes += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

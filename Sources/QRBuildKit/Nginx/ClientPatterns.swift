/// How nginx tells a scan's operating system and device class from its `User-Agent`: one
/// regex `map`, tried in order, whose value is `os.device` (e.g. `ios.phone`). Only scans
/// of codes whose rules name an `os` or `device` evaluate it.
enum ClientPatterns {
    /// (case-insensitive, regex, os, device), first match wins.
    ///
    /// Link previews and crawlers come first: they fetch the code's default destination,
    /// whatever platform their user agent mentions. iPadOS Safari asks for desktop sites
    /// with a user agent identical to macOS Safari's, so it is `macos.desktop` here as on
    /// every server (only a script in the page could tell). Android without `Mobile` is a
    /// tablet, as Google asks browsers to write it (Opera Mini, which runs on phones, does not). KaiOS
    /// phones write `Android` too but run no Android apps: `other`. Chrome OS is `other`.
    static let patterns: [(insensitive: Bool, regex: String, os: ClientOS, device: DeviceClass)] = [
        (true, "(?<!cu)bot(?![a-z])|crawl|spider|slurp|facebookexternalhit|facebookcatalog|meta-externalagent|whatsapp/|slack-imgproxy"
            + "|skypeuripreview|preview|embedly|pinterest/0|iframely|vkshare|curl/|wget/|python-|python/|go-http-client|java/"
            + "|okhttp|libwww|httpclient|node-fetch|axios/|headlesschrome|lighthouse|scrapy", .other, .desktop),
        (true, "windows phone|windows mobile|iemobile", .windows, .phone),
        (true, "ipad", .ios, .tablet),
        (true, "iphone|ipod", .ios, .phone),
        (true, "kaios", .other, .phone),
        (true, "android.*(?:mobile|opera mini)|(?:mobile|opera mini).*android", .android, .phone),
        (true, "android|silk/", .android, .tablet),
        (true, "kindle/", .other, .tablet),
        (false, "CrOS", .other, .desktop),
        (true, "windows|win64|win32", .windows, .desktop),
        (true, "macintosh|mac os x", .macos, .desktop),
        (true, "linux|x11|ubuntu|fedora", .linux, .desktop),
        (true, "mobile|phone|kaios|symbian|blackberry|bb10|opera mini", .other, .phone),
        (true, "tablet", .other, .tablet),
    ]

    /// What nginx answers when no pattern matches (no user agent, or an unknown one).
    static let fallback = (os: ClientOS.other, device: DeviceClass.desktop)

    /// Every value the map can give.
    static var values: [(os: ClientOS, device: DeviceClass)] {
        var seen: [(os: ClientOS, device: DeviceClass)] = [fallback]
        for pattern in patterns where !seen.contains(where: { $0.os == pattern.os && $0.device == pattern.device }) {
            seen.append((pattern.os, pattern.device))
        }
        return seen
    }

    static func label(_ os: ClientOS, _ device: DeviceClass) -> String { "\(os.rawValue).\(device.rawValue)" }

    /// The `map` block.
    static var mapText: String {
        var out = "# A scan's operating system and device class, from its User-Agent (first match wins).\n"
        out += "map $http_user_agent $qrbuild_client {\n    default \"\(label(fallback.os, fallback.device))\";\n"
        for pattern in patterns {
            out += "    \"\(pattern.insensitive ? "~*" : "~")\(pattern.regex)\" \"\(label(pattern.os, pattern.device))\";\n"
        }
        return out + "}\n"
    }
}

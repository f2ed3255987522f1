/// How nginx tells a scan's operating system and device class from its `User-Agent`: one
/// regex `map`, tried in order, whose value is `os.device` (e.g. `ios.phone`). Only scans
/// of codes whose rules name an `os` or `device` evaluate it.
enum ClientPatterns {
    /// (case-insensitive, regex, os, device), first match wins.
    ///
    /// Platform tokens as browsers write them, case and all: case-sensitive patterns of
    /// plain words cost nginx little even without `pcre_jit`, and iPhone, the commonest
    /// scanner, is tried first. Crawlers that name a platform (Googlebot's smartphone
    /// crawler names Android) are sent where that platform's people go, as search engines
    /// ask (serving them anything else is cloaking); link previews and tools name none and
    /// get the default. iPadOS Safari asks for desktop sites with a user agent identical to
    /// macOS Safari's, so it is `macos.desktop` here as on every server (only a script in
    /// the page could tell). Android without `Mobile` is a tablet, as Google asks browsers
    /// to write it (Opera Mini, which runs on phones, does not). KaiOS phones write
    /// `Android` too but run no Android apps: `other`. Chrome OS is `other`.
    static let patterns: [(insensitive: Bool, regex: String, os: ClientOS, device: DeviceClass)] = [
        (false, "Windows Phone|Windows Mobile|IEMobile", .windows, .phone),
        (false, "iPhone|iPod", .ios, .phone),
        (false, "iPad", .ios, .tablet),
        (true, "kaios", .other, .phone),
        (false, "Android.*(?:Mobile|Opera Mini)|(?:Mobile|Opera Mini).*Android", .android, .phone),
        (false, "Android|Silk/", .android, .tablet),
        (false, "Kindle/", .other, .tablet),
        (false, "CrOS", .other, .desktop),
        (false, "Windows|Win64|Win32", .windows, .desktop),
        (false, "Macintosh|Mac OS X", .macos, .desktop),
        (false, "Linux|X11|Ubuntu|Fedora", .linux, .desktop),
        (false, "Mobile|Phone|Symbian|BlackBerry|BB10|Opera Mini", .other, .phone),
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

import CLinux

/// Sorts a user agent into device class, operating system family and browser family with
/// a fixed list of tokens tried in order: in-app browsers first (they wrap a system
/// browser and name it too), then browsers built on Chrome or Safari that add their own
/// token, then the engines themselves. Checked against ua-parser on a corpus of real
/// agents in the tests (`Tests/interop/test_user_agents.py`), where every disagreement is
/// listed and explained.
///
/// Machines are told apart before this (`ClientClassifier`); their agents are not sorted.
enum UserAgentFamilies {
    static let systems = ["Other", "iOS", "Android", "Windows", "Mac OS X", "Linux", "Chrome OS", "Ubuntu", "Fedora",
                          "Windows Phone", "KaiOS", "BlackBerry OS"]
    static let browsers = [
        "Other", "Mobile Safari", "Chrome Mobile", "Chrome Mobile iOS", "Chrome", "Safari", "Firefox", "Firefox Mobile",
        "Firefox iOS", "Edge", "Edge Mobile", "Samsung Internet", "Opera", "Opera Mobile", "Opera Mini", "Opera Touch",
        "Google", "Facebook", "Instagram", "WeChat Browser", "LINE", "Snapchat", "Twitter", "LinkedIn", "TikTok",
        "Chrome Mobile WebView", "Mobile Safari UI/WKWebView", "UC Browser", "MiuiBrowser", "Huawei Browser",
        "HeyTap Browser", "QQ Browser Mobile", "Yandex Browser", "Vivaldi", "DuckDuckGo", "DuckDuckGo Mobile",
        "Amazon Silk", "IE", "IE Mobile", "Android", "BlackBerry WebKit", "Apple Mail", "AOL Desktop Gold Browser",
        "Avast Secure Browser", "Brave", "Whale", "Coc Coc",
    ]

    private static let systemIndex = Dictionary(uniqueKeysWithValues: systems.enumerated().map { ($0.element, UInt8($0.offset)) })
    private static let browserIndex = Dictionary(uniqueKeysWithValues: browsers.enumerated().map { ($0.element, UInt8($0.offset)) })

    /// Browser tokens tried in order: the first found names the browser. An in-app
    /// browser's token comes before those of the browsers it wraps.
    private static let browserTokens: [(token: [UInt8], family: String)] = [
        ("FBAN/", "Facebook"), ("FBAV/", "Facebook"), ("FB_IAB/", "Facebook"), ("Instagram", "Instagram"),
        ("MicroMessenger/", "WeChat Browser"), (" Line/", "LINE"), ("Snapchat", "Snapchat"), ("Twitter for iPhone", "Twitter"),
        ("TwitterAndroid", "Twitter"), ("[LinkedInApp]", "LinkedIn"), ("musical_ly", "TikTok"), ("BytedanceWebview", "TikTok"),
        ("GSA/", "Google"), ("EdgiOS/", "Edge Mobile"), ("EdgA/", "Edge Mobile"), ("Edg/", "Edge"), ("Edge/", "Edge"),
        ("OPT/", "Opera Touch"), ("Opera Mini/", "Opera Mini"), ("SamsungBrowser/", "Samsung Internet"),
        ("UCBrowser/", "UC Browser"), ("MiuiBrowser/", "MiuiBrowser"), ("HuaweiBrowser/", "Huawei Browser"),
        ("HeyTapBrowser/", "HeyTap Browser"), ("MQQBrowser/", "QQ Browser Mobile"), ("YaBrowser/", "Yandex Browser"),
        ("Vivaldi/", "Vivaldi"), ("ADG/", "AOL Desktop Gold Browser"), ("Avast/", "Avast Secure Browser"),
        ("Whale/", "Whale"), ("coc_coc_browser/", "Coc Coc"), ("Brave", "Brave"),
        ("DuckDuckGo/", "DuckDuckGo Mobile"), ("Ddg/", "DuckDuckGo"), ("Silk/", "Amazon Silk"), ("CriOS/", "Chrome Mobile iOS"),
        ("IEMobile/", "IE Mobile"), ("Trident/", "IE"), ("MSIE ", "IE"),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The families of `agent` (as logged).
    ///
    /// Complexity: O(n × t) for an agent of n bytes and t tokens; callers cache by agent.
    static func classify(_ agent: UnsafeBufferPointer<UInt8>) -> ClientFamilies {
        func has(_ token: StaticString) -> Bool {
            token.withUTF8Buffer { contains(agent, $0) }
        }
        let system = systemFamily(has)
        let device: ClientFamilies.Device
        let appleMobile = has("iPhone") || has("iPod")
        if has("iPad") || has("Tablet") || has("Kindle") || has(" KF") || (system == "Android" && !has("Mobile")) {
            device = .tablet
        } else if appleMobile || has("Mobile") || system == "Android" || system == "Windows Phone" || system == "KaiOS" || has("BB10") {
            device = .phone
        } else {
            device = .desktop
        }
        return ClientFamilies(device: device, system: systemIndex[system] ?? 0, browser: browserIndex[browserFamily(agent, has)] ?? 0)
    }

    private static func systemFamily(_ has: (StaticString) -> Bool) -> String {
        if has("Windows Phone") { return "Windows Phone" }
        if has("Windows") { return "Windows" }
        if has("iPhone") || has("iPad") || has("iPod") { return "iOS" }
        if has("KAIOS") { return "KaiOS" }
        if has("Android") { return "Android" }
        if has("CrOS") { return "Chrome OS" }
        if has("Mac OS X") { return "Mac OS X" }
        if has("BB10") || has("BlackBerry") { return "BlackBerry OS" }
        if has("Ubuntu") { return "Ubuntu" }
        if has("Fedora") { return "Fedora" }
        if has("Linux") { return "Linux" }
        return "Other"
    }

    private static func browserFamily(_ agent: UnsafeBufferPointer<UInt8>, _ has: (StaticString) -> Bool) -> String {
        for (token, family) in browserTokens where token.withUnsafeBufferPointer({ contains(agent, $0) }) { return family }
        let mobile = has("Mobile")
        if has("OPR/") || has("Opera/") { return mobile ? "Opera Mobile" : "Opera" }
        // Firefox for iOS wraps Safari's engine; without "Safari/" it is an app's web view.
        if has("FxiOS/") { return has("Safari/") ? "Firefox iOS" : "Mobile Safari UI/WKWebView" }
        if has("Firefox/") { return mobile || has("Tablet") || has("Android") ? "Firefox Mobile" : "Firefox" }
        if has("Chrome/") {
            if has("; wv)") { return "Chrome Mobile WebView" }
            return mobile ? "Chrome Mobile" : "Chrome"
        }
        if has("iPhone") || has("iPad") || has("iPod") {
            return has("Safari/") ? "Mobile Safari" : "Mobile Safari UI/WKWebView"
        }
        if has("BB10") { return "BlackBerry WebKit" }
        if has("Android"), has("Version/"), has("Safari/") { return "Android" }
        if has("Macintosh"), has("AppleWebKit/") { return has("Safari/") ? "Safari" : "Apple Mail" }
        if has("Safari/"), has("Version/") { return "Safari" }
        return "Other"
    }

    /// Whether `token` occurs in `text`.
    @inline(__always)
    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let haystack = text.baseAddress, let needle = token.baseAddress, token.count <= text.count else { return false }
        return memmem(haystack, text.count, needle, token.count) != nil
    }
}

/// How `ingest` sees one user agent, for checking the classifier against other tools.
public struct AgentDescription: Sendable {
    /// True for crawlers, link previews and HTTP libraries: never counted as scans.
    public let isMachine: Bool
    public let device: String
    public let system: String
    public let browser: String

    public init(_ agent: String) {
        var bytes = Array(agent.utf8)
        let families = bytes.withUnsafeMutableBufferPointer { UserAgentFamilies.classify(UnsafeBufferPointer($0)) }
        isMachine = bytes.withUnsafeMutableBufferPointer { ClientClassifier.isMachine(UnsafeBufferPointer($0)) }
        device = families.device.name
        system = families.systemName
        browser = families.browserName
    }
}

/// Tells people from machines by user agent: search and social crawlers, link previews
/// (WhatsApp, Slack, iMessage, Telegram…), HTTP libraries and monitors are never scans.
/// Crawlers are named by their bot token, not their company: "LinkedInBot" is a machine,
/// the LinkedIn app's in-app browser ("[LinkedInApp]") a person scanning.
enum ClientClassifier {
    /// Lower-case fragments of user agents that are not a person scanning a code.
    static let machineFragments: [[UInt8]] = [
        "bot", "crawl", "spider", "slurp", "facebookexternalhit", "facebookcatalog", "meta-externalagent",
        "whatsapp", "slack", "telegram", "discord", "linkedinbot", "skypeuripreview", "preview", "embedly",
        "pinterestbot", "pinterest/0.", "mastodon", "iframely", "vkshare", "googleother", "google-inspectiontool",
        "curl/", "wget/", "python-requests", "python-urllib", "python/", "aiohttp", "httpx", "go-http-client",
        "java/", "okhttp", "libwww-perl", "apache-httpclient", "node-fetch", "axios/", "undici", "headlesschrome",
        "phantomjs", "lighthouse", "uptime", "monitor", "scrapy", "httpclient", "postman", "insomnia",
    ].map { Array($0.utf8) }

    /// True if `agent` (as logged) is a machine; an empty or `-` agent counts as one too:
    /// phone cameras and browsers always send a user agent.
    ///
    /// Complexity: O(n × f) for an agent of n bytes and f fragments; callers cache by agent.
    static func isMachine(_ agent: UnsafeBufferPointer<UInt8>) -> Bool {
        if agent.isEmpty || (agent.count == 1 && agent[0] == UInt8(ascii: "-")) { return true }
        let lower = agent.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for fragment in machineFragments where fragment.count <= lower.count {
            let first = fragment[0]
            var start = 0
            while start + fragment.count <= lower.count {
                if lower[start] == first {
                    var offset = 1
                    while offset < fragment.count, lower[start + offset] == fragment[offset] { offset += 1 }
                    if offset == fragment.count { return true }
                }
                start += 1
            }
        }
        return false
    }
}

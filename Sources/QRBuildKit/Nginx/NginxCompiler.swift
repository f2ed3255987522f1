/// The manifest compiled into two nginx include files: `qrbuild-http.conf` (for `http {}`)
/// and `qrbuild-server.conf` (for `server {}`).
///
/// Nothing from the manifest reaches nginx unchecked. Destinations arrive normalised (no
/// quotes, backslashes, spaces, control characters or non-ASCII: see `WebURL`); a `$`
/// would start a variable inside a map value, so it is written as `${qrbuild_dollar}`,
/// a variable whose value is a literal `$`. Keys are the redirect path plus a validated
/// id, so they never start with `~` (a regex) or equal a reserved word. A value longer
/// than nginx accepts is an error here, not a failed reload later.
public enum NginxCompiler {
    /// Where the generated files point nginx.
    public struct Options: Sendable {
        /// Access log for scans, in the `qrbuild` JSON format.
        public var accessLog = "/var/log/nginx/qrbuild.access.log"
        /// The absolute path of the build's `site` folder on the nginx machine.
        public var siteRoot = "/srv/qrbuild/dist/site"
        /// Addresses or CIDR ranges of proxies in front of nginx whose `X-Forwarded-For`
        /// may be believed; the log marks each request from one with `"proxy":"1"`.
        public var trustedProxies: [String] = []

        public init() {}

        /// What is wrong with these options, each as `--option: reason`.
        public var problems: [String] {
            var problems: [String] = []
            if let problem = NginxText.problemWithFilePath(accessLog, isFile: true) { problems.append("--access-log: " + problem) }
            if let problem = NginxText.problemWithFilePath(siteRoot) { problems.append("--site-root: " + problem) }
            for proxy in trustedProxies where !NginxText.isAddressRange(proxy) {
                problems.append("--trusted-proxy: \"\(proxy)\" is not an IP address or CIDR range (e.g. 10.0.0.0/8 or 2001:db8::/32)")
            }
            return problems
        }

        /// Warnings for options that work but are probably not meant: trusting every client.
        public var warnings: [String] {
            trustedProxies.filter(NginxText.isEverything).map { proxy in
                "--trusted-proxy \(proxy) trusts X-Forwarded-For from every client: anyone can then choose the address "
                    + "(and so the country and uniqueness) ingest counts them under; name your proxies' own addresses instead"
            }
        }
    }

    /// The longest value nginx takes in one configuration parameter.
    static let maximumValueBytes = 4096
    /// The longest map key nginx takes, quotes included: one byte less than a value, as a
    /// key is followed by its value on the line (measured on nginx 1.22: a 4,096-byte
    /// quoted key fails `nginx -t` with "too long parameter", a 4,096-byte value passes).
    static let maximumKeyBytes = 4095
    /// Map value for an inactive code without a fallback: answer 410 Gone.
    static let goneMarker = "@gone"

    public struct Output: Sendable {
        /// `qrbuild-http.conf` as bytes: at a million codes it is hundreds of megabytes, and
        /// a `String` of it copied once more on the way to the file.
        public let httpBytes: [UInt8]
        public let server: String

        /// `qrbuild-http.conf` as text (a copy: for tests and small manifests).
        public var http: String { String(decoding: httpBytes, as: UTF8.self) }
    }

    /// Compiles `manifest`; `file` names it in error messages.
    public static func compile(_ manifest: Manifest, options: Options = Options(), file: String = "qrcodes.json") throws(ManifestErrors) -> Output {
        var problems: [ManifestIssue] = []
        guard let redirect = manifest.redirect else {
            return Output(httpBytes: Array((header("http") + "# No dynamic codes: nothing to redirect.\n").utf8), server: header("server"))
        }
        let prefix = redirect.path
        if let problem = NginxText.problemWithLocationPath(prefix) {
            problems.append(ManifestIssue(path: "redirect.base", location: nil, message: problem))
        }
        problems += options.problems.map { ManifestIssue(path: "", location: nil, message: $0) }
        // Every key is the redirect path and an eight-character id: one length for all.
        let keyBytes = NginxText.quoted(prefix + "xxxxxxxx").utf8.count
        if keyBytes > maximumKeyBytes {
            problems.append(ManifestIssue(path: "redirect.base", location: nil,
                                          message: "the redirect path is \(prefix.utf8.count) bytes; with an id that makes map keys of \(keyBytes) bytes, "
                                              + "and nginx takes at most \(maximumKeyBytes), so shorten it (e.g. /r/)"))
        }
        // Values unquoted (a plain destination shares the manifest's string; quoting made a
        // copy of each, a tenth of the peak memory at a million codes) and quoted as written.
        var entries: [(key: String, value: String, isVariable: Bool)] = []
        var routed: [NginxRouting.Code] = []
        for code in manifest.codes where code.type == .dynamic {
            guard let id = code.id else { continue }
            let target: String
            switch (code.status, redirect.fallback) {
            case (.inactive, nil): target = goneMarker
            case (.inactive, let fallback?): target = fallback
            case (.active, _):
                let direct = code.dataType == .url && !code.secure.contains(.password)
                target = direct ? (code.routing.utm.map { $0.apply(to: code.payload) } ?? code.payload) : redirect.pagesBase + id.key
                if direct, code.routing.choosesAtScan {
                    // Chosen at scan time by the routing maps; the map value is their variable.
                    routed.append(NginxRouting.Code(path: prefix + id.key, routing: code.routing, destination: target, place: "codes[\(code.index)]"))
                    entries.append((NginxText.quoted(prefix + id.key), "$qrbuild_routed_target", true))
                    continue
                }
            }
            guard NginxText.quotedLength(target) <= maximumValueBytes else {
                problems.append(ManifestIssue(path: "codes[\(code.index)].data", location: nil,
                                              message: "the destination is \(target.utf8.count) bytes; nginx takes at most \(maximumValueBytes) in one value, so shorten it"))
                continue
            }
            entries.append((NginxText.quoted(prefix + id.key), target, false))
        }
        var routing: NginxRouting? = routed.isEmpty ? nil : NginxRouting(codes: routed)
        problems += routing?.problems ?? []
        guard problems.isEmpty else { throw ManifestErrors(file: file, issues: problems) }
        entries.sort { $0.key < $1.key }
        return Output(httpBytes: httpFile(entries: entries, routing: &routing, countryVariable: redirect.countryVariable,
                                          trustedProxies: options.trustedProxies),
                      server: serverFile(prefix: prefix, status: redirect.status, options: options))
    }

    private static func header(_ context: String) -> String {
        "# Generated by qrbuild from the manifest; do not edit. Include it inside \(context) { }.\n"
    }

    private static func httpFile(entries: [(key: String, value: String, isVariable: Bool)], routing: inout NginxRouting?, countryVariable: String?,
                                 trustedProxies: [String]) -> [UInt8] {
        let longestKey = max(entries.map(\.key.utf8.count).max() ?? 16, routing?.longestKey ?? 0)
        let sizing = NginxText.hashSizing(count: max(entries.count, routing?.largestMap ?? 0), longestKey: longestKey)
        var out = header("http")
        out += "map_hash_max_size \(sizing.maxSize);\nmap_hash_bucket_size \(sizing.bucketSize);\n\n"
        out += "# A literal '$' for map values: a '$' written there would start a variable.\n"
        out += "geo $qrbuild_dollar { default \"$\"; }\n\n"
        let country = countryVariable.map { "\"\($0)\"" } ?? "\"\""
        out += "# 1 when the peer is a proxy whose X-Forwarded-For `qrbuild ingest` may believe.\n"
        out += "geo $qrbuild_trusted_proxy {\n    default 0;\n"
        var written = Set<String>()
        for proxy in trustedProxies {
            // A /0 range is the default's network: nginx warns of a duplicate, so it is
            // written as its two halves; a range given twice is written once.
            let halves = !NginxText.isEverything(proxy) ? [proxy] : proxy.contains(":") ? ["::/1", "8000::/1"] : ["0.0.0.0/1", "128.0.0.0/1"]
            for range in halves where written.insert(range).inserted { out += "    \(range) 1;\n" }
        }
        out += "}\n\n"
        out += "log_format qrbuild escape=json '{\"time\":\"$time_iso8601\",\"addr\":\"$remote_addr\","
        out += "\"forwarded\":\"$http_x_forwarded_for\",\"method\":\"$request_method\",\"path\":\"$uri\","
        out += "\"status\":$status,\"agent\":\"$http_user_agent\",\"referrer\":\"$http_referer\",\"country\":\(country),"
        out += "\"proxy\":\"$qrbuild_trusted_proxy\",\"rule\":\"$qrbuild_rule\"}';\n\n"
        out += "map $uri $qrbuild_target {\n    default \"\";\n"
        // One buffer, sized once: appending a million lines to a growing string copied it
        // again at each doubling.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(out.utf8.count + entries.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 9 } + (routing?.byteCount ?? 0) + 4096)
        bytes += out.utf8
        for entry in entries {
            bytes += "    ".utf8
            bytes += entry.key.utf8
            bytes.append(0x20)
            if entry.isVariable { bytes += entry.value.utf8 } else { NginxText.appendQuoted(entry.value, to: &bytes) }
            bytes += ";\n".utf8
        }
        bytes += "}\n".utf8
        if routing != nil {
            routing?.write(countryVariable: countryVariable, into: &bytes)
        } else {
            bytes += "\n# No code has rules, a split or a schedule: no scan is labelled.\nmap $uri $qrbuild_rule {\n    default \"\";\n}\n".utf8
        }
        return bytes
    }

    private static func serverFile(prefix: String, status: Int, options: Options) -> String {
        var out = header("server")
        out += """
            location ^~ \(prefix) {
                access_log \(NginxText.quoted(options.accessLog)) qrbuild;
                # Phones and proxies must ask again: a destination can change at any time.
                add_header Cache-Control "no-store" always;
                if ($qrbuild_target = "") { return 404; }
                if ($qrbuild_target = "\(goneMarker)") { return 410; }
                return \(status) $qrbuild_target;
            }

            # Pages for codes that are not a plain redirect: a vCard, a page that opens a call,
            # mail, message or map, or an unlock page (its one script, unlock.js, is served from here).
            location ^~ /qr-pages/ {
                root \(NginxText.quoted(options.siteRoot));
                types { text/html html; text/vcard vcf; application/javascript js; }
                charset utf-8;
                charset_types text/vcard;
                add_header Cache-Control "no-cache" always;
                add_header X-Content-Type-Options "nosniff" always;
                # No page may be framed: an unlock page inside another site's frame would
                # take passwords under that site's cover (clickjacking).
                add_header X-Frame-Options "DENY" always;
                add_header Content-Security-Policy "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'" always;
                try_files $uri.html $uri.vcf $uri =404;
            }

            """
        return out
    }
}

/// Writing values into nginx configuration safely.
enum NginxText {
    /// `text` in double quotes with `$` written as `${qrbuild_dollar}`. The caller makes sure
    /// `text` has no quotes, backslashes or control characters (normalised URLs never do);
    /// they are escaped here anyway, so a mistake elsewhere cannot end the string early.
    static func quoted(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x24 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "$": out += "${qrbuild_dollar}"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The bytes of `quoted(text)`, without making it.
    static func quotedLength(_ text: String) -> Int {
        text.utf8.reduce(2) { length, byte in
            length + (byte == 0x24 ? "${qrbuild_dollar}".utf8.count : byte == 0x22 || byte == 0x5C ? 2 : 1)
        }
    }

    /// `quoted(text)` appended to `bytes`.
    static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        if !text.utf8.contains(where: { $0 == 0x24 || $0 == 0x22 || $0 == 0x5C }) {
            bytes.append(0x22)
            bytes += text.utf8
            bytes.append(0x22)
        } else {
            bytes += quoted(text).utf8
        }
    }

    /// A message when `path` cannot be an nginx `location` prefix, else `nil`.
    static func problemWithLocationPath(_ path: String) -> String? {
        let safe = path.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || "/-_.".utf8.contains(byte)
        }
        guard path.hasPrefix("/"), path.hasSuffix("/"), safe, !path.contains("..") else {
            return "the redirect path \"\(path)\" must be letters, digits and - _ . between slashes, e.g. /r/"
        }
        guard path != "/" else {
            return "the redirect path is the host's root \"/\": every other address on the host would be taken for a code "
                + "(and the pages under /qr-pages/ clash with it); give the codes a path of their own, e.g. https://qr.example.com/r/"
        }
        // nginx merges slashes and resolves `.` segments before it matches a location: such
        // a path passes `nginx -t` and then no code ever matches it.
        let segments = path.dropFirst().dropLast().split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains("") {
            return "the redirect path \"\(path)\" has an empty segment (//), which nginx merges away before matching, so no code would answer; write e.g. /r/"
        }
        if segments.contains(".") {
            return "the redirect path \"\(path)\" has a \".\" segment, which nginx resolves before matching, so no code would answer; write e.g. /r/"
        }
        if segments.first == "qr-pages" {
            return "the redirect path \"\(path)\" lies under /qr-pages/, where qrbuild serves its pages; choose another, e.g. /r/"
        }
        return nil
    }

    /// A message unless `variable` is one a GeoIP module sets: a request header, argument
    /// or cookie would let each client choose its country in the analytics (or write its
    /// cookies into the access log), and an unknown name fails `nginx -t`.
    static func problemWithCountryVariable(_ variable: String) -> String? {
        let legacy = ["$geoip_country_code", "$geoip_city_country_code"]
        let name = variable.utf8.dropFirst("$geoip2_".count)
        let isGeoIP2 = variable.hasPrefix("$geoip2_") && !name.isEmpty && name.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }
        guard !legacy.contains(variable), !isGeoIP2 else { return nil }
        return "\"\(variable)\" is not a GeoIP variable: use $geoip_country_code or $geoip_city_country_code "
            + "(nginx's GeoIP module), or a variable named $geoip2_… that your geoip2 block sets to the ISO country code "
            + "(e.g. $geoip2_data_country_code); a request header, argument or cookie would let clients choose their country"
    }

    /// A message when `path` cannot be written into nginx configuration as a file path.
    /// True for an IPv4 or IPv6 address, optionally with a /prefix length in range: the
    /// only characters that can reach the config are digits, hex letters, '.', ':' and '/'.
    static func isAddressRange(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = parts.first, !address.isEmpty else { return false }
        let isV6 = address.contains(":")
        if parts.count == 2 {
            // Digits only: Int() would take "+8" and "-0", which nginx refuses.
            let length = parts[1]
            guard (1...3).contains(length.count), length.allSatisfy({ $0 >= "0" && $0 <= "9" }),
                  length == "0" || length.first != "0", let bits = Int(length), bits <= (isV6 ? 128 : 32) else { return false }
        }
        return isV6 ? isIPv6(address) : isIPv4(address)
    }

    /// Four decimal octets, each 0-255 without a leading zero.
    static func isIPv4(_ text: Substring) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            (1...3).contains(octet.count) && octet.allSatisfy { $0 >= "0" && $0 <= "9" }
                && (octet == "0" || octet.first != "0") && (Int(octet) ?? 256) <= 255
        }
    }

    /// RFC 4291 text: eight groups of 1-4 hex digits, or fewer around one `::`, the last
    /// two groups optionally an IPv4 address.
    static func isIPv6(_ text: Substring) -> Bool {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ half: String, last: Bool) -> Int? {
            guard !half.isEmpty else { return 0 }
            var count = 0
            let pieces = half.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if last, index == pieces.count - 1, piece.contains(".") {
                    guard isIPv4(piece) else { return nil }
                    count += 2
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
                    count += 1
                }
            }
            return count
        }
        if halves.count == 1 { return groups(halves[0], last: true) == 8 }
        guard let head = groups(halves[0], last: false), let tail = groups(halves[1], last: true) else { return false }
        return head + tail <= 7
    }

    /// True for a range that holds every address: trusting it trusts every client.
    static func isEverything(_ range: String) -> Bool {
        range.hasSuffix("/0")
    }

    static func problemWithFilePath(_ path: String, isFile: Bool = false) -> String? {
        let bad = path.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || "\"\\$;{}".unicodeScalars.contains($0) }
        guard path.hasPrefix("/"), !bad else { return "\"\(path)\" must be an absolute path without quotes, $, ; or braces" }
        let last = path.split(separator: "/").last
        if isFile, path.hasSuffix("/") || last == nil || last == "." || last == ".." {
            return "\"\(path)\" must name a file, e.g. /var/log/nginx/qrbuild.access.log"
        }
        return nil
    }

    /// `map_hash_max_size` and `map_hash_bucket_size` for `count` keys, so nginx finds a
    /// layout and prints no warning. Keys hash at random, so with narrow buckets some bucket
    /// overflows at any table size once there are many keys: at 1,000,000 keys 64- and
    /// 128-byte buckets failed even with 2,097,152 slots, 256-byte buckets passed (measured
    /// on nginx 1.22). A bucket holds elements of a pointer, a length and the key, rounded.
    static func hashSizing(count: Int, longestKey: Int) -> (maxSize: Int, bucketSize: Int) {
        var bucket = 256
        // Room for eight of the longest keys, but no more than nginx accepts (it refuses a
        // bucket of 65,536 bytes; 32,768 still holds a 4,095-byte key).
        while bucket < (longestKey + 2 + 8 + 7) / 8 * 8 * 8, bucket < 32_768 { bucket *= 2 }
        var size = 1024
        while size < count { size *= 2 }
        return (size, bucket)
    }
}

/// `WIFI:T:WPA;S:ssid;P:password;H:true;;`, with `\ ; , : "` backslash-escaped.
/// Names and passwords that look like hex (`C0FFEE`) are not wrapped in quotes, as an old
/// ZXing note suggests: iPhones then join a network whose name includes the quotes.
enum WiFiPayload {
    /// Accepted `security` values and what goes in `T:`.
    static let securities = ["WPA": "WPA", "SAE": "SAE", "WEP": "WEP", "nopass": "nopass"]

    static func make(_ data: FieldValue) throws(PayloadErrors) -> String {
        var reader = FieldReader(data, type: .wifi)
        let ssid = reader.string("ssid", required: true)
        let password = reader.string("password")
        let hidden = reader.bool("hidden") ?? false
        var security = password == nil ? "nopass" : "WPA"
        if let given = reader.string("security") {
            if let known = securities.keys.first(where: { $0.lowercased() == given.lowercased() }) {
                security = known
            } else {
                let hint = NameSuggestion.hint(for: given, among: securities.keys.sorted())
                reader.fail("security", "\"\(given)\" is not one of WPA (WPA/WPA2/WPA3 transition), SAE (WPA3 only), WEP, nopass\(hint)")
            }
        }
        if let ssid {
            reader.check(!ssid.isEmpty, "ssid", "must not be empty")
            reader.check(ssid.utf8.count <= 32, "ssid", "is \(ssid.utf8.count) bytes long; an SSID holds at most 32")
        }
        switch (security, password) {
        case ("nopass", .some):
            reader.fail("password", "an open network (security \"nopass\") has no password; remove it or set security")
        case ("WPA", .some(let key)), ("SAE", .some(let key)):
            let isHexKey = key.count == 64 && key.allSatisfy(\.isHexDigit)
            reader.check((8...63).contains(key.count) || isHexKey, "password",
                         "a WPA password has 8 to 63 characters (or 64 hex digits); this one has \(key.count)")
        case ("WEP", .some(let key)):
            let valid = [5, 13].contains(key.count) || ([10, 26].contains(key.count) && key.allSatisfy(\.isHexDigit))
            reader.check(valid, "password", "a WEP key has 5 or 13 characters, or 10 or 26 hex digits")
        case ("WPA", nil), ("SAE", nil), ("WEP", nil):
            reader.fail("password", "required for security \"\(security)\"")
        default:
            break
        }
        var payload = "WIFI:T:\(security);S:\(escape(ssid ?? ""));"
        if let password, security != "nopass" { payload += "P:\(escape(password));" }
        if hidden { payload += "H:true;" }
        return try reader.finish(payload + ";")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\;,:\"".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

@testable import QRAnalytics
import Testing

private func parse(_ format: LogFormat, _ line: String) -> (LogRecord, [UInt8])? {
    let bytes = Array(line.utf8)
    guard let record = bytes.withUnsafeBufferPointer({ format.parse($0) }) else { return nil }
    return (record, bytes)
}

private func text(_ bytes: [UInt8], _ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

@Suite struct LogParsingTests {
    @Test func readsTheQRBuildJSONLine() throws {
        let line = #"{"time":"2026-05-21T17:00:00+02:00","addr":"10.0.0.1","forwarded":"203.0.113.9","method":"GET","path":"/r/k3x9pq7m","status":302,"agent":"Mozilla \"x\" \\ y","referrer":"","country":"DE","proxy":"1"}"#
        let (record, bytes) = try #require(parse(.qrbuild, line))
        #expect(record.time == 1_779_375_600)  // 15:00 UTC
        #expect(text(bytes, record.path) == "/r/k3x9pq7m")
        #expect(record.status == 302)
        #expect(text(bytes, record.agent) == #"Mozilla \"x\" \\ y"#)
        #expect(text(bytes, record.country) == "DE")
        #expect(record.trustedProxy)
        #expect(text(bytes, record.forwarded) == "203.0.113.9")
    }

    /// Found by fuzzing (Fuzz/regressions/FuzzLogLine): a path that is no path is none.
    @Test func aPathThatDoesNotStartWithASlashIsNoPath() throws {
        let json = "{\"time\":\"2026-05-21T10:14:09+00:00\",\"addr\":\"192.0.2.1\",\"method\":\"GET\",\"path\":\"\u{1D}/r/k3x9pq7m\",\"status\":404}"
        let (record, _) = try #require(parse(.qrbuild, json))
        #expect(record.path.isEmpty)
        for target in ["*", "\\x16\\x03\\x01", "r/k3x9pq7m"] {
            let line = "192.0.2.1 - - [21/May/2026:10:14:09 +0000] \"GET \(target) HTTP/1.1\" 400 0 \"-\" \"-\""
            let (combined, _) = try #require(parse(.combined, line))
            #expect(combined.path.isEmpty, "\(target)")
        }
    }

    /// Found by fuzzing (Fuzz/regressions/FuzzLogLine/status-below-100).
    @Test(arguments: ["056", "600", "999"]) func aStatusOutsideHTTPsIsNoLine(status: String) {
        let json = "{\"time\":\"2026-05-21T10:14:09+00:00\",\"addr\":\"192.0.2.1\",\"method\":\"GET\",\"path\":\"/r/k3x9pq7m\",\"status\":\(status)}"
        #expect(parse(.qrbuild, json) == nil)
        let combined = "192.0.2.1 - - [21/May/2026:10:14:09 +0000] \"GET /r/k3x9pq7m HTTP/1.1\" \(status) 0 \"-\" \"-\""
        #expect(parse(.combined, combined) == nil)
    }

    @Test(arguments: ["http://qr.example.com/r/k3x9pq7m", "HTTPS://qr.example.com:8443/r/k3x9pq7m?x=1", "http://[2001:db8::1]/r/k3x9pq7m"])
    func anAbsoluteFormTargetCountsAsItsPath(target: String) throws {
        let line = "192.0.2.1 - - [21/May/2026:10:14:09 +0000] \"GET \(target) HTTP/1.1\" 302 0 \"-\" \"curl/8\""
        let (record, bytes) = try #require(parse(.combined, line))
        #expect(text(bytes, record.path) == "/r/k3x9pq7m")
    }

    /// Found by fuzzing (Fuzz/regressions/FuzzGeoIP): a damaged database's country bytes.
    @Test func aDamagedDatabaseGivesNoCountryThatIsNotTwoLetters() throws {
        let path = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let database = try GeoIPDatabase(path: "/" + path + "/Fuzz/regressions/FuzzGeoIP/country-not-letters.mmdb")
        for address in ["81.2.69.160", "2001:db8::1", "89.160.20.112", "216.160.83.56", "1.2.3.4"] {
            guard let record = database.record(of: address), let country = database.country(ofRecord: record) else { continue }
            #expect(country.utf8.count == 2 && country.utf8.allSatisfy { (65...90).contains($0) })
        }
    }

    /// Found by fuzzing (Fuzz/regressions/FuzzGeoIP): a damaged database's city name that is
    /// not UTF-8 is no name, and a name is never longer than 95 bytes.
    @Test func aDamagedDatabaseGivesNoCityThatIsNotUTF8() throws {
        let path = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let database = try GeoIPDatabase(path: "/" + path + "/Fuzz/regressions/FuzzGeoIP/city-name-not-utf8.mmdb")
        for address in ["81.2.69.160", "2001:db8::1", "89.160.20.112", "216.160.83.56", "0.0.0.0", "255.255.255.255", "::ffff:81.2.69.142", "1.2.3.4"] {
            guard let record = database.record(of: address), let city = database.city(ofRecord: record) else { continue }
            #expect(city.utf8.count <= 95 && !city.unicodeScalars.contains("\u{FFFD}"))
        }
    }

    @Test func aDatabaseWithDamagedMetadataIsRefusedNotCrashed() {
        let path = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let damaged = "/" + path + "/Fuzz/regressions/FuzzGeoIP/metadata-damaged-close-after-failed-open.mmdb"
        #expect(throws: GeoIPError.self) { try GeoIPDatabase(path: damaged) }
    }

    @Test func readsTheCombinedLine() throws {
        let line = #"2001:db8::5 - - [21/May/2026:17:00:00 +0200] "GET /r/k3x9pq7m?utm=a HTTP/1.1" 302 145 "-" "Mozilla/5.0 (iPhone)" "extra""#
        let (record, bytes) = try #require(parse(.combined, line))
        #expect(record.time == 1_779_375_600)
        #expect(text(bytes, record.address) == "2001:db8::5")
        #expect(text(bytes, record.method) == "GET")
        #expect(text(bytes, record.path) == "/r/k3x9pq7m")
        #expect(record.status == 302)
        #expect(text(bytes, record.agent) == "Mozilla/5.0 (iPhone)")
        #expect(!record.trustedProxy)
    }

    @Test(arguments: [
        #"{"time":"2026-05-21T15:00:00+00:00","path":"/r/x","status":302"#,            // truncated
        #"{"time":"2026-13-21T15:00:00+00:00","path":"/r/x","status":302}"#,           // no such month
        #"{"time":"2026-05-21T15:00:00+00:00","path":"/r/x","status":3020}"#,           // not a status
        #"{"time":"2026-05-21T15:00:00+00:00","path":"/r/x"}"#,                        // no status
        #"{"time":"2026-05-21T15:00:00+00:00","path":"/r/x","status":302} trailing"#,
        #"1.2.3.4 - - [21/May/2026:15:00:00 +0000] "GET /r/x HTTP/1.1 302 1 "-" "a""#, // broken quotes
        #"1.2.3.4 - - [21/Foo/2026:15:00:00 +0000] "GET /r/x HTTP/1.1" 302 1 "-" "a""#,
        "",
    ])
    func refusesMalformedLines(line: String) {
        let format: LogFormat = line.hasPrefix("{") ? .qrbuild : .combined
        #expect(parse(format, line) == nil)
    }

    @Test func detectsTheFormatFromTheFirstLine() {
        #expect(Array("  {\"time\"".utf8).withUnsafeBufferPointer { LogFormat.detect($0) } == .qrbuild)
        #expect(Array("\n\r\n {\"time\"".utf8).withUnsafeBufferPointer { LogFormat.detect($0) } == .qrbuild)
        #expect(Array("1.2.3.4 - -".utf8).withUnsafeBufferPointer { LogFormat.detect($0) } == .combined)
    }

    @Test func eachLineIsReadInItsOwnFormat() throws {
        let json = #" {"time":"2026-05-21T15:00:00+00:00","path":"/r/k3x9pq7m","status":302,"agent":"a"}"#
        let combined = #"1.2.3.4 - - [21/May/2026:15:00:00 +0000] "GET /r/k3x9pq7m HTTP/1.1" 302 1 "-" "a""#
        for line in [json, combined] {
            let bytes = Array(line.utf8)
            let record = try #require(bytes.withUnsafeBufferPointer { LogFormat.parseAny($0) }, "\(line)")
            #expect(text(bytes, record.path) == "/r/k3x9pq7m")
            #expect(record.time == 1_779_375_600)
        }
        #expect(Array("{junk".utf8).withUnsafeBufferPointer { LogFormat.parseAny($0) } == nil)
    }

    @Test(arguments: [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15", false),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36", false),
        ("WhatsApp/2.23.20.0 A", true), ("facebookexternalhit/1.1", true), ("Slackbot-LinkExpanding 1.0", true),
        ("Twitterbot/1.0", true), ("Mozilla/5.0 (compatible; Googlebot/2.1)", true), ("curl/8.4.0", true),
        ("python-requests/2.31", true), ("TelegramBot (like TwitterBot)", true), ("", true), ("-", true),
    ])
    func tellsPeopleFromMachines(agent: String, machine: Bool) {
        #expect(Array(agent.utf8).withUnsafeBufferPointer { ClientClassifier.isMachine($0) } == machine)
    }

    @Test func sipHashMatchesTheReferenceVector() {
        // The paper's test vector: key 00…0f, message 00…0e → a129ca6149be45e5.
        var hasher = SipHash(key0: 0x0706_0504_0302_0100, key1: 0x0F0E_0D0C_0B0A_0908)
        let message = (0..<15).map { UInt8($0) }
        message.withUnsafeBufferPointer { hasher.combine($0) }
        #expect(hasher.finalize() == 0xA129_CA61_49BE_45E5)
        // Split input gives the same hash.
        var split = SipHash(key0: 0x0706_0504_0302_0100, key1: 0x0F0E_0D0C_0B0A_0908)
        message[0..<3].withUnsafeBufferPointer { split.combine($0) }
        message[3...].withUnsafeBufferPointer { split.combine($0) }
        #expect(split.finalize() == 0xA129_CA61_49BE_45E5)
    }

    @Test func daysFollowTheTimeZone() throws {
        var cache = DayClock.Cache()
        let lateEvening = 1_779_404_400  // 2026-05-21 23:00 UTC
        #expect(DayClock.utc.day(ofUTCSeconds: lateEvening, cache: &cache) == 20_594)
        let berlin = try #require(DayClock("Europe/Berlin"))
        #expect(berlin.day(ofUTCSeconds: lateEvening, cache: &cache) == 20_595)
        var fresh = DayClock.Cache()
        #expect(try #require(DayClock("-05:00")).day(ofUTCSeconds: lateEvening, cache: &fresh) == 20_594)
        #expect(DayClock("Mars/Olympus") == nil && DayClock("+99") == nil)
        #expect(AnalyticsText.date(20_594) == "2026-05-21" && AnalyticsText.day(from: "2026-05-21") == 20_594)
    }

    @Test func tallyKeysRoundTrip() {
        for (code, day, country) in [(Int32(0), 20_594, UInt16(1)), (-1, 0, 0), (123_456, -3, 676)] {
            let key = TallyKey(code: code, day: day, country: country)
            #expect(key.code == code && key.day == day && key.country == country)
        }
        #expect(CountryCode.text(CountryCode.index(UInt8(ascii: "d"), UInt8(ascii: "E")) ?? 0) == "DE")
    }
}

@Suite struct RequestPathTests {
    func normalized(_ text: String) -> String? {
        Array(text.utf8).withUnsafeBufferPointer { RequestPath.normalized($0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func pathsReadAsNginxReadsThem() {
        let cases: [(String, String?)] = [
            ("/r/%6B3x9pq7m", "/r/k3x9pq7m"), ("/r/%6b3X9PQ7M", "/r/k3X9PQ7M"), ("//r//k3x9pq7m", "/r/k3x9pq7m"),
            ("/r/./k3x9pq7m", "/r/k3x9pq7m"), ("/x/../r/k3x9pq7m", "/r/k3x9pq7m"), ("/r%2Fk3x9pq7m", "/r/k3x9pq7m"),
            ("/r/%2e/k3x9pq7m", "/r/k3x9pq7m"), ("/r/k3x9pq7m/", "/r/k3x9pq7m/"), ("/r/k3x9pq7m/.", "/r/k3x9pq7m/"),
            ("/", "/"), ("/..", nil), ("/r/%zz", nil), ("/r/%6", nil), ("/r/%00x", nil), ("r/x", nil),
        ]
        for (raw, expected) in cases {
            #expect(normalized(raw) == expected, "\(raw)")
        }
        #expect(!Array("/r/k3x9pq7m".utf8).withUnsafeBufferPointer { RequestPath.needsNormalizing($0) })
        #expect(Array("/r/%6B".utf8).withUnsafeBufferPointer { RequestPath.needsNormalizing($0) })
    }

    @Test func impossibleDatesAreNotDates() {
        #expect(LogScan.isDate(2024, 2, 29) && LogScan.isDate(2000, 2, 29) && LogScan.isDate(2026, 12, 31))
        #expect(!LogScan.isDate(2026, 2, 29) && !LogScan.isDate(1900, 2, 29) && !LogScan.isDate(2026, 2, 31))
        #expect(!LogScan.isDate(2026, 4, 31) && !LogScan.isDate(9999, 12, 31) && !LogScan.isDate(1969, 12, 31))
        #expect(!LogScan.isDate(2026, 13, 1) && !LogScan.isDate(2026, 0, 1) && !LogScan.isDate(2026, 1, 0))
    }
}

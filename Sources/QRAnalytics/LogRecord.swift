import Glibc
/// One access-log line, taken apart without copying: each text field is a byte range
/// into the line, exactly as the log wrote it (JSON escapes left in place).
struct LogRecord {
    /// Seconds since 1970, UTC.
    var time = 0
    var method = 0..<0
    /// The request path, without its query string.
    var path = 0..<0
    var agent = 0..<0
    /// The `Referer` header as logged (`-` or empty when there was none).
    var referrer = 0..<0
    var address = 0..<0
    /// The `X-Forwarded-For` header as logged (JSON format only).
    var forwarded = 0..<0
    /// The country the log itself gives, if any (JSON format with `countryVariable`).
    var country = 0..<0
    /// True when nginx said the peer is a trusted proxy, so `forwarded` may be believed.
    var trustedProxy = false
    /// True when `path` is the raw request target (combined format), not nginx's `$uri`.
    var pathIsRaw = false
    /// The HTTP status, three digits. Last and 16 bits wide so that the record stays within
    /// 128 bytes: a record is copied a few times per line, and the compiler copies up to
    /// 128 bytes in registers but calls `memcpy` for more (measured: 7% of an ingest).
    var status: Int16 = 0
    /// The route nginx chose (`RouteLabel.number` of the JSON format's `rule`), 0 for none.
    var rule: UInt8 = 0
}

/// The two log formats `ingest` reads.
public enum LogFormat: String, Sendable {
    /// The JSON lines of the `qrbuild` `log_format` that `qrbuild nginx` writes.
    case qrbuild
    /// nginx's (and Apache's) standard `combined` format.
    case combined

    /// The format of a log's first non-blank line: JSON lines start with `{`.
    static func detect(_ text: UnsafeBufferPointer<UInt8>) -> LogFormat {
        for byte in text where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            return byte == UInt8(ascii: "{") ? .qrbuild : .combined
        }
        return .combined
    }

    /// Parses one line of either format, told apart by its first byte other than a blank:
    /// `{` opens a JSON line, a combined line starts with the client's address. A log
    /// whose format changed part-way (nginx's `log_format` switched), or whose first line
    /// is blank or junk, is read line by line all the same.
    ///
    /// Complexity: O(n) in the line's length.
    @inline(__always)
    static func parseAny(_ line: UnsafeBufferPointer<UInt8>) -> LogRecord? {
        var index = 0
        while index < line.count, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
        return index < line.count && line[index] == UInt8(ascii: "{") ? JSONLogLine.parse(line) : CombinedLogLine.parse(line)
    }

    /// Parses one line (without its newline); nil if it is not a well-formed line of this format.
    func parse(_ line: UnsafeBufferPointer<UInt8>) -> LogRecord? {
        switch self {
        case .qrbuild: JSONLogLine.parse(line)
        case .combined: CombinedLogLine.parse(line)
        }
    }
}

/// Small scanning helpers shared by the two formats.
enum LogScan {
    /// The index of the closing quote of the string whose opening quote is at `start - 1`,
    /// skipping backslash escapes; nil if the line ends first.
    ///
    /// Complexity: O(n), with the C library's vectorised `memchr` finding each quote
    /// (user agents are long); a quote after an odd run of backslashes is escaped.
    @inline(__always)
    static func endOfQuoted(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = line.baseAddress else { return nil }
        var index = start
        while index < line.count {
            guard let found = memchr(base + index, 0x22, line.count - index) else { return nil }
            let quote = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
            var backslashes = 0
            while quote - backslashes - 1 >= start, line[quote - backslashes - 1] == 0x5C { backslashes += 1 }
            if backslashes & 1 == 0 { return quote }
            index = quote + 1
        }
        return nil
    }

    /// An HTTP status (100–599), or nginx's `000` for a request that got no answer.
    @inline(__always)
    static func isStatus(_ status: Int) -> Bool { status == 0 || (100...599).contains(status) }

    /// Whether the date exists (February 30th does not) and lies in the years a scan can
    /// have: from 1970 to 2999. The store keeps days in 22 bits, and a hand-written year
    /// 9999 came back as a year −1484.
    @inline(__always)
    static func isDate(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        guard (1970...2999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        switch month {
        case 2: return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    /// A run of ASCII digits as a number; nil if there are none or the run is not `count` long.
    @inline(__always)
    static func digits(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, start + count <= line.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let digit = Int(line[index]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}

import QRBuildKit

/// nginx's `combined` format:
/// `203.0.113.9 - - [21/May/2026:15:00:00 +0000] "GET /r/k3x9pq7m HTTP/1.1" 302 145 "-" "Mozilla/5.0 …"`,
/// optionally followed by more fields, which are ignored.
enum CombinedLogLine {
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> LogRecord? {
        var record = LogRecord()
        var index = 0
        while index < line.count, line[index] != 0x20 { index += 1 }
        guard index > 0, index < line.count else { return nil }
        record.address = 0..<index
        // Two fields (ident and user), then the bracketed time.
        while index < line.count, line[index] != UInt8(ascii: "[") { index += 1 }
        guard index + 28 <= line.count, line[index + 27] == UInt8(ascii: "]"),
              let time = parseTime(line, index + 1) else { return nil }
        record.time = time
        index += 28
        guard index + 2 < line.count, line[index] == 0x20, line[index + 1] == 0x22,
              let requestEnd = LogScan.endOfQuoted(line, from: index + 2) else { return nil }
        // "METHOD target PROTOCOL"; the path is the target up to its query string.
        var cursor = index + 2
        let methodStart = cursor
        while cursor < requestEnd, line[cursor] != 0x20 { cursor += 1 }
        record.method = methodStart..<cursor
        cursor += 1
        var pathStart = min(cursor, requestEnd)
        // An absolute-form target (`GET http://host/r/id HTTP/1.1`, as proxies send) reaches
        // the same location as its path; nginx serves it so.
        if let authorityEnd = Self.endOfSchemeAndAuthority(line, from: pathStart, to: requestEnd) { pathStart = authorityEnd }
        cursor = pathStart
        while cursor < requestEnd, line[cursor] != 0x20, line[cursor] != UInt8(ascii: "?") { cursor += 1 }
        // A target that is no path (`*`, or the bytes of a TLS hello nginx refused) has none.
        record.path = pathStart < cursor && line[pathStart] == UInt8(ascii: "/") ? pathStart..<cursor : pathStart..<pathStart
        record.pathIsRaw = true
        index = requestEnd + 1
        guard index + 4 <= line.count, line[index] == 0x20, let status = LogScan.digits(line, index + 1, 3),
              LogScan.isStatus(status) else { return nil }
        record.status = Int16(status)
        index += 4
        guard index < line.count, line[index] == 0x20 else { return nil }
        index += 1
        while index < line.count, line[index] != 0x20 { index += 1 }  // bytes sent
        // "referrer" "agent"
        guard index + 1 < line.count, line[index + 1] == 0x22,
              let referrerEnd = LogScan.endOfQuoted(line, from: index + 2) else { return nil }
        record.referrer = (index + 2)..<referrerEnd
        index = referrerEnd + 1
        guard index + 1 < line.count, line[index] == 0x20, line[index + 1] == 0x22,
              let agentEnd = LogScan.endOfQuoted(line, from: index + 2) else { return nil }
        record.agent = (index + 2)..<agentEnd
        return record
    }

    /// Where the path of an absolute-form target (`http://host:port/path`, scheme in any
    /// case) starting at `start` begins: after the authority; nil for any other target.
    static func endOfSchemeAndAuthority(_ line: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end, (line[index] | 0x20) >= UInt8(ascii: "a"), (line[index] | 0x20) <= UInt8(ascii: "z") { index += 1 }
        let scheme = index - start
        guard scheme == 4 || scheme == 5, index + 3 <= end, line[index] == UInt8(ascii: ":"),
              line[index + 1] == UInt8(ascii: "/"), line[index + 2] == UInt8(ascii: "/"),
              (line[start] | 0x20) == UInt8(ascii: "h"), (line[start + 1] | 0x20) == UInt8(ascii: "t"),
              (line[start + 2] | 0x20) == UInt8(ascii: "t"), (line[start + 3] | 0x20) == UInt8(ascii: "p"),
              scheme == 4 || (line[start + 4] | 0x20) == UInt8(ascii: "s") else { return nil }
        index += 3
        while index < end, line[index] != UInt8(ascii: "/"), line[index] != 0x20, line[index] != UInt8(ascii: "?") { index += 1 }
        return index
    }

    /// `21/May/2026:15:00:00 +0000` starting at `start`, as UTC seconds.
    static func parseTime(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard let day = LogScan.digits(line, start, 2), line[start + 2] == 0x2F,
              let month = month(line[start + 3], line[start + 4], line[start + 5]), line[start + 6] == 0x2F,
              let year = LogScan.digits(line, start + 7, 4), line[start + 11] == 0x3A,
              let hour = LogScan.digits(line, start + 12, 2), line[start + 14] == 0x3A,
              let minute = LogScan.digits(line, start + 15, 2), line[start + 17] == 0x3A,
              let second = LogScan.digits(line, start + 18, 2), line[start + 20] == 0x20,
              line[start + 21] == 0x2B || line[start + 21] == 0x2D,
              let offsetHours = LogScan.digits(line, start + 22, 2), let offsetMinutes = LogScan.digits(line, start + 24, 2),
              LogScan.isDate(year, month, day), hour < 24, minute < 60, second < 61
        else { return nil }
        let offset = (offsetHours * 3600 + offsetMinutes * 60) * (line[start + 21] == 0x2D ? -1 : 1)
        return Timestamp.days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    private static func month(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        switch (a, b, c) {
        case (0x4A, 0x61, 0x6E): 1   // Jan
        case (0x46, 0x65, 0x62): 2   // Feb
        case (0x4D, 0x61, 0x72): 3   // Mar
        case (0x41, 0x70, 0x72): 4   // Apr
        case (0x4D, 0x61, 0x79): 5   // May
        case (0x4A, 0x75, 0x6E): 6   // Jun
        case (0x4A, 0x75, 0x6C): 7   // Jul
        case (0x41, 0x75, 0x67): 8   // Aug
        case (0x53, 0x65, 0x70): 9   // Sep
        case (0x4F, 0x63, 0x74): 10  // Oct
        case (0x4E, 0x6F, 0x76): 11  // Nov
        case (0x44, 0x65, 0x63): 12  // Dec
        default: nil
        }
    }
}

import QRBuildKit

/// The `qrbuild` JSON log line: one flat object of strings and numbers,
/// `{"time":"2026-05-21T15:00:00+00:00","addr":"…","forwarded":"…","method":"GET",
/// "path":"/r/k3x9pq7m","status":302,"agent":"…","referrer":"…","country":"DE","proxy":"1"}`.
/// Keys may come in any order; unknown keys are skipped, so older and newer configs both read.
enum JSONLogLine {
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> LogRecord? {
        var record = LogRecord()
        var index = 0
        var sawTime = false, sawPath = false, sawStatus = false
        func skipSpace() {
            while index < line.count, line[index] == 0x20 || line[index] == 0x09 || line[index] == 0x0D { index += 1 }
        }
        skipSpace()
        guard index < line.count, line[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        while true {
            skipSpace()
            guard index < line.count else { return nil }
            if line[index] == UInt8(ascii: "}") { break }
            guard line[index] == 0x22, let keyEnd = LogScan.endOfQuoted(line, from: index + 1) else { return nil }
            let key = (index + 1)..<keyEnd
            index = keyEnd + 1
            skipSpace()
            guard index < line.count, line[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace()
            guard index < line.count else { return nil }
            let value: Range<Int>
            let quoted = line[index] == 0x22
            if quoted {
                guard let end = LogScan.endOfQuoted(line, from: index + 1) else { return nil }
                value = (index + 1)..<end
                index = end + 1
            } else {
                let start = index
                while index < line.count, line[index] != UInt8(ascii: ","), line[index] != UInt8(ascii: "}"),
                      line[index] != 0x20 { index += 1 }
                value = start..<index
            }
            switch Key(line, key) {
            case .time:
                guard let time = parseISOTime(line, value) else { return nil }
                record.time = time
                sawTime = true
            case .addr: record.address = value
            case .forwarded: record.forwarded = value
            case .method: record.method = value
            case .path:
                // nginx's `$uri` starts with `/`; a request nginx refused before parsing it
                // (a TLS hello on port 80) logs an empty one. Anything else has no path.
                record.path = quoted && value.count > 0 && line[value.lowerBound] == UInt8(ascii: "/") ? value : value.lowerBound..<value.lowerBound
                sawPath = true
            case .status:
                guard value.count == 3, let status = LogScan.digits(line, value.lowerBound, 3), LogScan.isStatus(status) else { return nil }
                record.status = Int16(status)
                sawStatus = true
            case .agent: record.agent = value
            case .referrer: record.referrer = value
            case .country: record.country = value
            case .proxy: record.trustedProxy = value.count == 1 && line[value.lowerBound] == UInt8(ascii: "1")
            case .rule: record.rule = RouteLabel.number(UnsafeBufferPointer(rebasing: line[value]))
            case .other: break
            }
            skipSpace()
            guard index < line.count else { return nil }
            if line[index] == UInt8(ascii: ",") {
                index += 1
            } else if line[index] != UInt8(ascii: "}") {
                return nil
            }
        }
        index += 1
        skipSpace()
        guard index == line.count, sawTime, sawPath, sawStatus else { return nil }
        return record
    }

    private enum Key {
        case time, addr, forwarded, method, path, status, agent, referrer, country, proxy, rule, other

        init(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            func equals(_ text: StaticString) -> Bool {
                guard text.utf8CodeUnitCount == range.count else { return false }
                return text.withUTF8Buffer { expected in
                    for offset in 0..<range.count where expected[offset] != line[range.lowerBound + offset] { return false }
                    return true
                }
            }
            self = switch range.count {
            case 4: equals("time") ? .time : equals("addr") ? .addr : equals("path") ? .path : equals("rule") ? .rule : .other
            case 5: equals("agent") ? .agent : equals("proxy") ? .proxy : .other
            case 6: equals("method") ? .method : equals("status") ? .status : .other
            case 7: equals("country") ? .country : .other
            case 8: equals("referrer") ? .referrer : .other
            case 9: equals("forwarded") ? .forwarded : .other
            default: .other
            }
        }
    }

    /// `2026-05-21T15:00:00+00:00` (nginx's `$time_iso8601`; `Z` is accepted too) as UTC seconds.
    static func parseISOTime(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        let start = range.lowerBound
        guard range.count >= 20, let year = LogScan.digits(line, start, 4), line[start + 4] == 0x2D,
              let month = LogScan.digits(line, start + 5, 2), line[start + 7] == 0x2D,
              let day = LogScan.digits(line, start + 8, 2), line[start + 10] == UInt8(ascii: "T"),
              let hour = LogScan.digits(line, start + 11, 2), line[start + 13] == 0x3A,
              let minute = LogScan.digits(line, start + 14, 2), line[start + 16] == 0x3A,
              let second = LogScan.digits(line, start + 17, 2),
              LogScan.isDate(year, month, day), hour < 24, minute < 60, second < 61
        else { return nil }
        var offset = 0
        if range.count == 25, line[start + 19] == 0x2B || line[start + 19] == 0x2D,
           let offsetHours = LogScan.digits(line, start + 20, 2), line[start + 22] == 0x3A,
           let offsetMinutes = LogScan.digits(line, start + 23, 2) {
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (line[start + 19] == 0x2D ? -1 : 1)
        } else if !(range.count == 20 && line[start + 19] == UInt8(ascii: "Z")) {
            return nil
        }
        return Timestamp.days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    }
}

/// Schedule boundaries: RFC 3339 date-times to the second, in UTC (`Z`) or with an offset.
public enum ScheduleTime {
    /// Seconds since 1970 (UTC) of `text`, e.g. `2027-03-01T00:00:00Z` or
    /// `2027-03-01T01:00:00+01:00`; nil when it is not that form or not a real date.
    public static func seconds(from text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 25, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54,
              bytes[13] == 0x3A, bytes[16] == 0x3A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month),
              day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60 else { return nil }
        var offset = 0
        if bytes.count == 20 {
            guard bytes[19] == 0x5A else { return nil }
        } else {
            guard bytes[19] == 0x2B || bytes[19] == 0x2D, bytes[22] == 0x3A, let hours = number(20..<22),
                  let minutes = number(23..<25), hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[19] == 0x2B ? 1 : -1)
        }
        return Timestamp.days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    /// `seconds` as `2027-03-01T00:00:00Z`.
    public static func text(fromSeconds seconds: Int) -> String {
        String(Timestamp.string(fromSeconds: seconds).dropLast(5)) + "Z"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

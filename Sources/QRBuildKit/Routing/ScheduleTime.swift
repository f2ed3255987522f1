/// Schedule boundaries: RFC 3339 date-times to the second, in UTC (`Z`) or with an offset.
public enum ScheduleTime {
    /// Seconds since 1970 (UTC) of `text`, e.g. `2027-03-01T00:00:00Z` or
    /// `2027-03-01T01:00:00+01:00`; nil when it is not that form or not a real date.
    public static func seconds(from text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard bytes.count == 20 || bytes.count == 25, let local = Timestamp.civilSeconds(bytes) else { return nil }
            if bytes.count == 20 { return bytes[19] == 0x5A ? local : nil }
            let digits = [bytes[20], bytes[21], bytes[23], bytes[24]]
            guard bytes[19] == 0x2B || bytes[19] == 0x2D, bytes[22] == 0x3A, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let hours = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30)
            let minutes = Int(digits[2] - 0x30) * 10 + Int(digits[3] - 0x30)
            guard hours < 24, minutes < 60 else { return nil }
            return local - (hours * 3600 + minutes * 60) * (bytes[19] == 0x2B ? 1 : -1)
        }
    }

    /// `seconds` as `2027-03-01T00:00:00Z`.
    public static func text(fromSeconds seconds: Int) -> String {
        String(Timestamp.string(fromSeconds: seconds).dropLast(5)) + "Z"
    }
}

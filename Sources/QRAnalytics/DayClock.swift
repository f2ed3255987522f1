import Foundation

/// Which calendar day a moment falls on: UTC, a fixed offset, or a named time zone
/// (`Europe/Berlin`, with its daylight saving time).
public struct DayClock: Sendable {
    private enum Zone: Sendable {
        case fixed(Int)
        case named(TimeZone)
    }

    private let zone: Zone

    public static let utc = DayClock(zone: .fixed(0))

    private init(zone: Zone) {
        self.zone = zone
    }

    /// `UTC`, `Z`, an offset (`+02:00`, `-0530`, `+2`) or an IANA zone name; nil if none of those.
    public init?(_ text: String) {
        if ["utc", "z", "gmt"].contains(text.lowercased()) {
            zone = .fixed(0)
            return
        }
        let bytes = Array(text.utf8)
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let digits = bytes.dropFirst().filter { $0 != UInt8(ascii: ":") }
            guard [1, 2, 4].contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let number = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            let (hours, minutes) = digits.count == 4 ? (number / 100, number % 100) : (number, 0)
            guard hours <= 14, minutes < 60 else { return nil }
            zone = .fixed((hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1))
            return
        }
        guard text.contains("/"), let named = TimeZone(identifier: text) else { return nil }
        zone = .named(named)
    }

    /// Remembers the offset of the last hour looked up: log lines come in time order.
    struct Cache {
        var hour = Int.min
        var offset = 0
    }

    /// Days since 1970-01-01 in this clock's zone.
    func day(ofUTCSeconds seconds: Int, cache: inout Cache) -> Int {
        let local = localSeconds(ofUTCSeconds: seconds, cache: &cache)
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    /// The hour of the day (0-23) in this clock's zone.
    func hour(ofUTCSeconds seconds: Int, cache: inout Cache) -> Int {
        let local = localSeconds(ofUTCSeconds: seconds, cache: &cache)
        let second = local % 86_400
        return (second < 0 ? second + 86_400 : second) / 3600
    }

    /// Seconds since 1970 as this clock's zone reads them.
    func localSeconds(ofUTCSeconds seconds: Int, cache: inout Cache) -> Int {
        let offset: Int
        switch zone {
        case .fixed(let fixed): offset = fixed
        case .named(let named):
            let hour = seconds >= 0 ? seconds / 3600 : (seconds - 3599) / 3600
            if hour != cache.hour {
                cache.hour = hour
                cache.offset = named.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(hour * 3600)))
            }
            offset = cache.offset
        }
        return seconds + offset
    }

    /// Today, in this clock's zone.
    public func today() -> Int {
        var cache = Cache()
        return day(ofUTCSeconds: Int(Date().timeIntervalSince1970), cache: &cache)
    }
}

import QRLock

/// The ways scans are broken down beyond day and country: which client (device class, OS
/// family and browser family) at which hour, which referring site, which city. Client and
/// hour share a key (`clientHour`: the families' 14 bits, then 5 of hour): one count per
/// scan fewer to keep (measured: counting was most of what breakdowns added to an ingest).
enum Breakdown: UInt8, CaseIterable, Sendable {
    case clientHour, referrer, city
    /// The route nginx chose for a code with rules, a split or a schedule (`RouteLabel`).
    case rule

    /// Scans of a known code by (code, day, breakdown, value), in one word: 20 bits of code,
    /// 22 of day, 2 of breakdown, 20 of value.
    struct Key: Hashable, Sendable {
        let packed: UInt64

        init(packed: UInt64) {
            self.packed = packed
        }

        init(code: Int32, day: Int, breakdown: Breakdown, value: UInt32) {
            packed = UInt64(UInt32(bitPattern: code) & 0xF_FFFF) << 44 | UInt64(UInt32(truncatingIfNeeded: day) & 0x3F_FFFF) << 22
                | UInt64(breakdown.rawValue) << 20 | UInt64(value & 0xF_FFFF)
        }

        var code: Int32 { Int32(packed >> 44) }
        var day: Int {
            let raw = Int((packed >> 22) & 0x3F_FFFF)
            return raw >= 0x20_0000 ? raw - 0x40_0000 : raw
        }
        var breakdown: Breakdown { Breakdown(rawValue: UInt8((packed >> 20) & 0x3)) ?? .clientHour }  // all four values used
        var value: UInt32 { UInt32(packed & 0xF_FFFF) }
    }

    /// In a `clientHour` value: the scan had no referrer (counted as "direct").
    static let directFlag: UInt32 = 1 << 19

    /// Codes whose position fits the key: the first million of a manifest.
    static let codeLimit: Int32 = 1 << 20
}

/// Names shared by the counters of an ingest (referring hosts), each given a small number
/// the first time it is seen. Counters keep their own caches in front of it, so the lock
/// is taken once per new name per counter, not per scan.
final class NameTable: Sendable {
    private let state = Locked<(names: [String], index: [String: UInt32])>(([], [:]))
    /// Names kept at most; later ones count as "other".
    let limit: Int

    init(limit: Int = 1 << 19) {
        self.limit = limit
    }

    /// The number of `name`, made if new; nil when the table is full.
    func id(of name: String) -> UInt32? {
        state.withLock { state in
            if let known = state.index[name] { return known }
            guard state.names.count < limit else { return nil }
            let id = UInt32(state.names.count)
            state.names.append(name)
            state.index[name] = id
            return id
        }
    }

    func name(_ id: UInt32) -> String {
        state.withLock { Int(id) < $0.names.count ? $0.names[Int(id)] : "other" }
    }
}

/// Where a client is, as one small number: below 677 a country alone (`CountryCode`),
/// from 677 a (country, city) pair from a GeoIP City database. The country cache stores
/// these instead of bare countries, so one lookup per line gives both.
///
/// Pairs are made only when a new GeoIP record is read (rare); a pair's country is written
/// before its number is handed out, and counters read only numbers they were handed (or
/// found in the country cache, filled between blocks).
final class GeoLocations: @unchecked Sendable {
    static let firstCity: UInt16 = 677
    private let countries: UnsafeMutablePointer<UInt16>
    private let state = Locked<(cities: [String], index: [String: UInt16])>(([], [:]))

    init() {
        countries = .allocate(capacity: 1 << 16)
        countries.initialize(repeating: 0, count: 1 << 16)
    }

    deinit {
        countries.deallocate()
    }

    /// The number for `city` in `country`; the country alone when the table is full.
    func location(country: UInt16, city: String) -> UInt16 {
        state.withLock { state in
            let key = "\(country)\u{1F}\(city)"
            if let known = state.index[key] { return known }
            guard state.cities.count < Int(UInt16.max - Self.firstCity) else { return country }
            let location = Self.firstCity + UInt16(state.cities.count)
            countries[Int(location)] = country
            state.cities.append(city)
            state.index[key] = location
            return location
        }
    }

    @inline(__always)
    func country(of location: UInt16) -> UInt16 {
        location < Self.firstCity ? location : countries[Int(location)]
    }

    /// "City, CC" for a city location; nil for a country alone.
    func cityName(of location: UInt16) -> String? {
        guard location >= Self.firstCity else { return nil }
        let city = state.withLock { Int(location - Self.firstCity) < $0.cities.count ? $0.cities[Int(location - Self.firstCity)] : nil }
        return city.map { "\($0), \(CountryCode.text(countries[Int(location)]))" }
    }
}

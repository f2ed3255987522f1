import Foundation
import GRDB
import QRBuildKit

/// Breakdowns live in `daily.breakdowns` (see `BreakdownCounts`): aggregates only, no
/// agent, address or full referrer.
extension AnalyticsStore {
    /// The kinds of breakdown, as `analytics --json` names its entries.
    public static let breakdownKinds = BreakdownCounts.kinds

    /// A commit's breakdown counts in the order `daily`'s rows are written (day, then code
    /// as SQLite sorts it), read row by row beside them: no table of rows in between.
    struct BreakdownRows: Sendable {
        /// (day, code rank + 1, kind, value) in one word, and the count.
        private let counts: [(key: UInt64, scans: Int32)]
        private let rules: ScanRules
        private var position = 0

        /// Complexity: O(n) for n counts (a radix sort on integer keys).
        init(_ counts: [(key: UInt64, scans: Int32)], rules: ScanRules) {
            let ranks = rules.ranks
            self.counts = RadixSort.byKey(counts.map { entry in
                let key = Breakdown.Key(packed: entry.key)
                let rank = UInt64(ranks[Int(key.code)] + 1)
                return (UInt64(UInt32(truncatingIfNeeded: key.day) & 0x3F_FFFF) << 42 | rank << 22 | (entry.key & 0x3F_FFFF), entry.scans)
            })
            self.rules = rules
        }

        /// The row key of `day` and `code` in `counts`' order.
        private func row(day: Int, code: Int32) -> UInt64 {
            UInt64(UInt32(truncatingIfNeeded: day) & 0x3F_FFFF) << 20 | UInt64(rules.ranks[Int(code)] + 1)
        }

        /// Sums of one row, kept from row to row so that a commit allocates them once.
        struct Scratch {
            var devices = [Int](repeating: 0, count: ClientFamilies.Device.allCases.count)
            var systems = [Int](repeating: 0, count: UserAgentFamilies.systems.count)
            var browsers = [Int](repeating: 0, count: UserAgentFamilies.browsers.count)
            var hours = [Int](repeating: 0, count: 24)
            /// Scans by `RouteLabel` number; only rows of routed codes have any.
            var routes = [Int](repeating: 0, count: RouteLabel.all.count + 1)
            var anyRoute = false
            var named: [(kind: UInt8, id: UInt32, scans: Int)] = []
            var bytes: [UInt8] = []
            /// Scans with no referrer.
            var direct = 0
            /// Referring hosts by number, read from the shared table once per commit.
            var referrers: [UInt32: String] = [:]
            /// "City, CC" by location number, made once per commit, not once per row.
            var cities: [UInt32: String] = [:]
            let directName = "direct"
        }

        /// The blob of the (day, code) row, in `scratch.bytes`; empty if it has no breakdown.
        /// Rows must be asked for in `daily`'s order.
        ///
        /// Complexity: O(k) for the row's k counts, plus the families' fixed lists.
        mutating func blob(day: Int, code: Int32, _ scratch: inout Scratch) {
            scratch.bytes.removeAll(keepingCapacity: true)
            let row = row(day: day, code: code)
            // Counts of rows before this one have no `daily` row of their own (they cannot:
            // every counted scan is in `daily`), but are skipped safely all the same.
            while position < counts.count, counts[position].key >> 22 < row { position += 1 }
            let start = position
            while position < counts.count, counts[position].key >> 22 == row { position += 1 }
            let range = start..<position
            guard !range.isEmpty else { return }
            scratch.named.removeAll(keepingCapacity: true)
            scratch.direct = 0
            for index in scratch.devices.indices { scratch.devices[index] = 0 }
            for index in scratch.systems.indices { scratch.systems[index] = 0 }
            for index in scratch.browsers.indices { scratch.browsers[index] = 0 }
            for index in scratch.hours.indices { scratch.hours[index] = 0 }
            if scratch.anyRoute {
                for index in scratch.routes.indices { scratch.routes[index] = 0 }
                scratch.anyRoute = false
            }
            for (packed, scans) in counts[range] {
                // Kind and value sit where `Breakdown.Key` keeps them.
                let key = Breakdown.Key(packed: packed & 0x3F_FFFF)
                let count = Int(scans)
                switch key.breakdown {
                case .clientHour:
                    let value = key.value & ~Breakdown.directFlag
                    guard let families = ClientFamilies(packed: UInt16(value >> 5)), value & 0x1F < 24 else { continue }
                    if key.value & Breakdown.directFlag != 0 { scratch.direct += count }
                    scratch.devices[Int(families.device.rawValue)] += count
                    scratch.systems[Int(families.system)] += count
                    scratch.browsers[Int(families.browser)] += count
                    scratch.hours[Int(key.value & 0x1F)] += count
                case .rule:
                    guard Int(key.value) < scratch.routes.count else { continue }
                    scratch.routes[Int(key.value)] += count
                    scratch.anyRoute = true
                case .referrer, .city:
                    let kind: UInt8 = key.breakdown == .referrer ? 3 : 5
                    // Sorted by key, so a value's counts from the two shards are adjacent.
                    if let last = scratch.named.last, last.kind == kind, last.id == key.value {
                        scratch.named[scratch.named.count - 1].scans += count
                    } else {
                        scratch.named.append((kind, key.value, count))
                    }
                }
            }
            func append(_ kind: UInt8, _ value: String, _ count: Int) {
                guard count > 0 else { return }
                BreakdownCounts.append(kind: kind, value: value, scans: count, to: &scratch.bytes)
            }
            func appendFixed(_ kind: UInt8, _ position: Int, _ count: Int) {
                guard count > 0 else { return }
                BreakdownCounts.append(kind: kind, position: position, scans: count, to: &scratch.bytes)
            }
            for (index, count) in scratch.devices.enumerated() { appendFixed(0, index, count) }
            for (index, count) in scratch.systems.enumerated() { appendFixed(1, index, count) }
            for (index, count) in scratch.browsers.enumerated() { appendFixed(2, index, count) }
            append(3, scratch.directName, scratch.direct)
            for (kind, id, count) in scratch.named where kind == 3 {
                let name: String
                if let known = scratch.referrers[id] {
                    name = known
                } else {
                    name = rules.referrers.name(id)
                    scratch.referrers[id] = name
                }
                append(3, name, count)
            }
            for (hour, count) in scratch.hours.enumerated() { appendFixed(4, hour, count) }
            for (kind, id, count) in scratch.named where kind == 5 {
                if let known = scratch.cities[id] {
                    append(5, known, count)
                } else if let city = rules.locations.cityName(of: UInt16(truncatingIfNeeded: id)) {
                    scratch.cities[id] = city
                    append(5, city, count)
                }
            }
            if scratch.anyRoute {
                for (number, count) in scratch.routes.enumerated() where number > 0 { appendFixed(6, number - 1, count) }
            }
        }
    }
}

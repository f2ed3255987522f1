import Foundation
import GRDB

/// Breakdowns live in `daily.breakdowns` (see `BreakdownCounts`): aggregates only, no
/// agent, address or full referrer.
extension AnalyticsStore {
    /// The kinds of breakdown, as `analytics --json` names its entries.
    public static let breakdownKinds = BreakdownCounts.kinds

    /// A commit's breakdown counts, sorted so that each (day, code) row's are together,
    /// turned into that row's blob when the row is written.
    struct BreakdownRows: Sendable {
        private let counts: [(key: UInt64, scans: Int32)]
        /// Where each (day, code) row's counts are in `counts`.
        private let ranges: [UInt64: Range<Int>]
        private let rules: ScanRules

        /// Complexity: O(n log n) for n counts (integer keys).
        init(_ counts: [(key: UInt64, scans: Int32)], rules: ScanRules) {
            // Sorted by key: code, then day, then kind, then value; both shards' counts of
            // one key end up side by side.
            self.counts = RadixSort.byKey(counts)
            self.rules = rules
            var ranges: [UInt64: Range<Int>] = [:]
            ranges.reserveCapacity(counts.count / 4)
            var start = 0
            while start < self.counts.count {
                let row = self.counts[start].key >> 22
                var end = start + 1
                while end < self.counts.count, self.counts[end].key >> 22 == row { end += 1 }
                ranges[row] = start..<end
                start = end
            }
            self.ranges = ranges
        }

        /// Sums of one row, kept from row to row so that a commit allocates them once.
        struct Scratch {
            var devices = [Int](repeating: 0, count: ClientFamilies.Device.allCases.count)
            var systems = [Int](repeating: 0, count: UserAgentFamilies.systems.count)
            var browsers = [Int](repeating: 0, count: UserAgentFamilies.browsers.count)
            var hours = [Int](repeating: 0, count: 24)
            var named: [(kind: UInt8, id: UInt32, scans: Int)] = []
            var bytes: [UInt8] = []
            /// Referring hosts by number, read from the shared table once per commit.
            var referrers: [UInt32: String] = [:]
            let deviceNames = ClientFamilies.Device.allCases.map(\.name)
            let systemNames = UserAgentFamilies.systems
            let browserNames = UserAgentFamilies.browsers
        }

        /// The blob of the (day, code) row, in `scratch.bytes`; empty if it has no breakdown.
        ///
        /// Complexity: O(k) for the row's k counts, plus the families' fixed lists.
        func blob(day: Int, code: Int32, _ scratch: inout Scratch) {
            scratch.bytes.removeAll(keepingCapacity: true)
            let row = Breakdown.Key(code: code, day: day, breakdown: .clientHour, value: 0).packed >> 22
            guard let range = ranges[row] else { return }
            scratch.named.removeAll(keepingCapacity: true)
            for index in scratch.devices.indices { scratch.devices[index] = 0 }
            for index in scratch.systems.indices { scratch.systems[index] = 0 }
            for index in scratch.browsers.indices { scratch.browsers[index] = 0 }
            for index in scratch.hours.indices { scratch.hours[index] = 0 }
            for (packed, scans) in counts[range] {
                let key = Breakdown.Key(packed: packed)
                let count = Int(scans)
                switch key.breakdown {
                case .clientHour:
                    guard let families = ClientFamilies(packed: UInt16(key.value >> 5)), key.value & 0x1F < 24 else { continue }
                    scratch.devices[Int(families.device.rawValue)] += count
                    scratch.systems[Int(families.system)] += count
                    scratch.browsers[Int(families.browser)] += count
                    scratch.hours[Int(key.value & 0x1F)] += count
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
            for (index, count) in scratch.devices.enumerated() { append(0, scratch.deviceNames[index], count) }
            for (index, count) in scratch.systems.enumerated() { append(1, scratch.systemNames[index], count) }
            for (index, count) in scratch.browsers.enumerated() { append(2, scratch.browserNames[index], count) }
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
            for (hour, count) in scratch.hours.enumerated() { append(4, Self.hourNames[hour], count) }
            for (kind, id, count) in scratch.named where kind == 5 {
                if let city = rules.locations.cityName(of: UInt16(truncatingIfNeeded: id)) { append(5, city, count) }
            }
        }

        private static let hourNames = (0..<24).map { $0 < 10 ? "0\($0)" : "\($0)" }
    }

    /// `code`'s scans by value for each kind over `days`, most first (ties by value).
    func breakdowns(code: String, days: ClosedRange<Int>, _ db: Database) throws -> [String: [(value: String, scans: Int)]] {
        var sum = BreakdownCounts()
        for blob in try Data.fetchAll(db, sql: "SELECT breakdowns FROM daily WHERE code = ? AND day BETWEEN ? AND ?",
                                      arguments: [code, days.lowerBound, days.upperBound]) {
            sum.add(BreakdownCounts(blob: blob))
        }
        var result: [String: [(value: String, scans: Int)]] = [:]
        for (entry, scans) in sum.scans where Int(entry.kind) < BreakdownCounts.kinds.count {
            result[BreakdownCounts.kinds[Int(entry.kind)], default: []].append((entry.value, scans))
        }
        for kind in result.keys {
            result[kind]?.sort { ($1.scans, $0.value) < ($0.scans, $1.value) }
        }
        return result
    }
}

import Foundation
import GRDB
import QRBuildKit

/// Scans, unique scans and bots of one period.
public struct PeriodTotals: Sendable, Equatable {
    public var scans = 0
    public var unique = 0
    public var bots = 0

    public init() {}

    mutating func add(_ scans: Int, _ unique: Int, _ bots: Int) {
        self.scans += scans
        self.unique += unique
        self.bots += bots
    }

    public static func + (a: PeriodTotals, b: PeriodTotals) -> PeriodTotals {
        var sum = a
        sum.add(b.scans, b.unique, b.bots)
        return sum
    }
}

/// Every code's numbers over one window and the period of the same length before it: what
/// the site's pages show, read in one pass over the store.
public struct AnalyticsWindow: Sendable {
    /// The window's last day (days since 1970).
    public let lastDay: Int
    public let days: Int
    /// By id as the manifest writes it; codes without scans have zero-filled reports.
    public let codes: [String: CodeAnalytics]
    /// The period before the window, by id.
    public let previous: [String: PeriodTotals]
    /// The window's last `recentDays` days and the `recentDays` before them, by id (the
    /// site's cards), read in the same pass.
    public let recentDays: Int
    public let recent: [String: PeriodTotals]
    public let recentPrevious: [String: PeriodTotals]
}

extension AnalyticsStore {
    /// The last day any scan or bot was counted, or nil for an empty store.
    public func lastDayCounted() throws(StoreError) -> Int? {
        do {
            return try database.read { db in try Int.fetchOne(db, sql: "SELECT MAX(day) FROM daily") }
        } catch {
            throw StoreError(path: path, message: "\(error)")
        }
    }

    /// The numbers of `ids` over the `days` days up to `lastDay`, and the `days` before.
    ///
    /// Complexity: O(rows in both periods), one query.
    public func window(ids: [String], days: Int, lastDay: Int, recentDays: Int = 30) throws(StoreError) -> AnalyticsWindow {
        try window(ids: ids, days: days, lastDay: lastDay, recentDays: recentDays, onlyCode: nil)
    }

    /// `window` reading only the rows of `onlyCode` (a lower-case id) when given.
    func window(ids: [String], days: Int, lastDay: Int, recentDays: Int, onlyCode: String?) throws(StoreError) -> AnalyticsWindow {
        let firstDay = lastDay - days + 1
        let periods = WindowSums.Periods(firstDay: firstDay, previousFirst: firstDay - days, lastDay: lastDay,
                                         recentFirst: lastDay - recentDays + 1, recentPreviousFirst: lastDay - 2 * recentDays + 1)
        let sums: WindowSums
        do {
            if let onlyCode {
                sums = try database.read { db in try WindowSums(db, periods, codes: "code = ?", [onlyCode]) }
            } else {
                // Two halves of the codes read at once, on two connections: decoding the
                // rows' blobs is most of the time, and the halves share nothing.
                let sorted = ids.map { $0.lowercased() }.sorted()
                let pivot = sorted.isEmpty ? "" : sorted[sorted.count / 2]
                let database = database
                let (low, high) = try Concurrently.run({
                    try database.read { db in try WindowSums(db, periods, codes: "code != '' AND code < ?", [pivot]) }
                }, {
                    try database.read { db in try WindowSums(db, periods, codes: "code != '' AND code >= ?", [pivot]) }
                })
                sums = low.merged(with: high)
            }
        } catch {
            throw StoreError(path: path, message: "\(error)")
        }
        var codes: [String: CodeAnalytics] = [:]
        var previous: [String: PeriodTotals] = [:]
        var recent: [String: PeriodTotals] = [:], recentPrevious: [String: PeriodTotals] = [:]
        let empty = WindowSums.Code(days: days)
        for id in ids {
            let found = sums.position[id.lowercased()].map { sums.all[$0] } ?? empty
            let series = found.byDay.enumerated().map { offset, day in
                CodeAnalytics.Day(day: firstDay + offset, scans: day.scans, unique: day.unique)
            }
            let countries = found.countries.scans
                .map { (country: CountryCode.text($0.key), scans: $0.value) }
                .sorted { ($1.scans, $0.country) < ($0.scans, $1.country) }
            codes[id] = CodeAnalytics(id: id, days: days, series: series, countries: countries, bots: found.bots,
                                      breakdowns: found.breakdowns.ranked)
            previous[id] = found.previous
            recent[id] = found.recent
            recentPrevious[id] = found.recentPrevious
        }
        return AnalyticsWindow(lastDay: lastDay, days: days, codes: codes, previous: previous,
                               recentDays: recentDays, recent: recent, recentPrevious: recentPrevious)
    }
}

extension CodeAnalytics {
    /// `reports` added up day by day and value by value, named `id`: a tag's or the whole
    /// manifest's numbers. The reports must cover the same days.
    public static func combined(_ reports: [CodeAnalytics], id: String, days: Int) -> CodeAnalytics {
        guard let first = reports.first else { return CodeAnalytics(id: id, days: days, series: [], countries: [], bots: 0, breakdowns: [:]) }
        var series = first.series.map { CodeAnalytics.Day(day: $0.day, scans: 0, unique: 0) }
        var countries: [String: Int] = [:]
        var breakdowns: [String: [String: Int]] = [:]
        var bots = 0
        for report in reports {
            for (index, day) in report.series.enumerated() where index < series.count {
                series[index] = CodeAnalytics.Day(day: series[index].day, scans: series[index].scans + day.scans, unique: series[index].unique + day.unique)
            }
            for entry in report.countries { countries[entry.country, default: 0] += entry.scans }
            // Routes are a code's own (r1 of one code is not r1 of another): not summed.
            for (kind, entries) in report.breakdowns where kind != "rule" {
                for entry in entries { breakdowns[kind, default: [:]][entry.value, default: 0] += entry.scans }
            }
            bots += report.bots
        }
        func ranked(_ counts: [String: Int]) -> [(String, Int)] {
            counts.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        }
        return CodeAnalytics(id: id, days: days, series: series, countries: ranked(countries).map { (country: $0.0, scans: $0.1) }, bots: bots,
                             breakdowns: breakdowns.mapValues { ranked($0).map { (value: $0.0, scans: $0.1) } })
    }
}

extension CodeAnalytics {
    /// A code without scans: `days` zero days ending on `lastDay`, no countries or
    /// breakdowns (the API's answer for a code no log has named yet, or without a store).
    public static func empty(id: String, days: Int, lastDay: Int) -> CodeAnalytics {
        CodeAnalytics(id: id, days: days, series: ((lastDay - days + 1)...lastDay).map { CodeAnalytics.Day(day: $0, scans: 0, unique: 0) },
                      countries: [], bots: 0, breakdowns: [:])
    }
}

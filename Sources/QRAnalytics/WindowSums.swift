import Foundation
import GRDB

/// The sums `AnalyticsStore.window` reads from the store's rows: per code, its days in
/// the window, its countries and breakdowns, and the totals of the periods around it.
struct WindowSums: Sendable {
    /// The days that decide where a row's numbers go.
    struct Periods: Sendable {
        let firstDay: Int, previousFirst: Int, lastDay: Int
        let recentFirst: Int, recentPreviousFirst: Int
        var days: Int { lastDay - firstDay + 1 }
    }

    /// One code's sums.
    struct Code: Sendable {
        var byDay: [(scans: Int, unique: Int)]
        var bots = 0
        var countries = CountryCounts()
        var breakdowns = BreakdownCounts()
        var previous = PeriodTotals()
        var recent = PeriodTotals()
        var recentPrevious = PeriodTotals()

        init(days: Int) { byDay = Array(repeating: (0, 0), count: days) }
    }

    /// Code (lower case) → its place in `all`.
    private(set) var position: [String: Int] = [:]
    private(set) var all: [Code] = []

    /// Sums the rows of the codes `condition` selects (SQL on `code`, with `arguments`).
    ///
    /// Complexity: O(rows), each row's code looked up once (a window is up to a million rows).
    init(_ db: Database, _ periods: Periods, codes condition: String, _ arguments: [String]) throws {
        let sql = "SELECT day, code, scans, uniqueScans, bots, countries, breakdowns FROM daily WHERE day BETWEEN ? AND ? AND " + condition
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments([periods.previousFirst, periods.lastDay] + arguments))
        while let row = try rows.next() {
            let day: Int = row[0], code: String = row[1]
            let scans: Int = row[2], unique: Int = row[3], bots: Int = row[4]
            let index: Int
            if let known = position[code] {
                index = known
            } else {
                index = all.count
                position[code] = index
                all.append(Code(days: periods.days))
            }
            if day >= periods.recentFirst {
                all[index].recent.add(scans, unique, bots)
            } else if day >= periods.recentPreviousFirst {
                all[index].recentPrevious.add(scans, unique, bots)
            }
            if day < periods.firstDay {
                all[index].previous.add(scans, unique, bots)
                continue
            }
            all[index].byDay[day - periods.firstDay] = (scans, unique)
            all[index].bots += bots
            if let blob = row[5] as Data? { all[index].countries.add(blob: blob) }
            if let blob = row[6] as Data? { all[index].breakdowns.add(blob: blob) }
        }
    }

    /// These sums and `other`'s, whose codes are not among these.
    func merged(with other: WindowSums) -> WindowSums {
        var merged = self
        for (code, index) in other.position {
            merged.position[code] = merged.all.count
            merged.all.append(other.all[index])
        }
        return merged
    }
}

import Foundation
import GRDB
import QRBuildKit
import QRPayload

/// One code's analytics over the last N days, in the hosted API's shape.
public struct CodeAnalytics: Sendable {
    public struct Day: Sendable {
        public let day: Int
        public let scans: Int
        public let unique: Int
        public var date: String { AnalyticsText.date(day) }
    }

    public let id: String
    public let days: Int
    public let series: [Day]
    /// Countries by scans, most first (ties by code); `unknown` where no country was known.
    public let countries: [(country: String, scans: Int)]
    public let bots: Int
    /// Scans by device class, OS family, browser family, referring host, hour of day (all
    /// 24, in order) and city, each most first; keyed by `AnalyticsStore.breakdownKinds`.
    public let breakdowns: [String: [(value: String, scans: Int)]]

    /// The JSON list names of the breakdowns, and each entry's key.
    public static let breakdownLists = [("device", "devices"), ("os", "os"), ("browser", "browsers"), ("referrer", "referrers"),
                                        ("hour", "hours"), ("city", "cities"), ("rule", "rules")]

    /// For a code with rules, a split or a schedule: each route label's destination, shown
    /// beside its scans (`Routing.targets`). Set by whoever knows the manifest.
    public var routeTargets: [String: String] = [:]

    /// Scans by value of `kind`: the hours in order, all 24; the rest most first.
    public func breakdown(_ kind: String) -> [(value: String, scans: Int)] {
        let stored = breakdowns[kind] ?? []
        guard kind == "hour" else { return stored }
        let byHour = Dictionary(stored.map { ($0.value, $0.scans) }, uniquingKeysWith: +)
        return (0..<24).map { hour in
            let name = hour < 10 ? "0\(hour)" : "\(hour)"
            return (name, byHour[name] ?? 0)
        }
    }
    public var total: Int { series.reduce(0) { $0 + $1.scans } }
    public var unique: Int { series.reduce(0) { $0 + $1.unique } }

    /// `{"id","days","total","unique","series":[{"date","scans","unique"}…],"countries":[{"country","scans"}…]}`.
    public var json: String { JSONWriter.pretty(jsonValue) }

    /// `json` on one line, for data files.
    public var compactJSON: [UInt8] { JSONWriter.compactBytes(jsonValue) }

    private var jsonValue: FieldValue {
        let lists: [FieldValue.Member] = Self.breakdownLists.map { kind, list in
            .init(list, .array(breakdown(kind).map { entry in breakdownEntry(kind, entry) }))
        }
        return .object([
            .init("id", .string(id)),
            .init("days", .number(String(days))),
            .init("total", .number(String(total))),
            .init("unique", .number(String(unique))),
            .init("series", .array(series.map { day in
                .object([.init("date", .string(day.date)), .init("scans", .number(String(day.scans))),
                         .init("unique", .number(String(day.unique)))])
            })),
            .init("countries", .array(countries.map { entry in
                .object([.init("country", .string(entry.country)), .init("scans", .number(String(entry.scans)))])
            })),
        ] + lists)
    }

    /// `{"<kind>": value, "scans": n}`; a route also names its destination.
    private func breakdownEntry(_ kind: String, _ entry: (value: String, scans: Int)) -> FieldValue {
        var members: [FieldValue.Member] = [.init(kind, .string(entry.value)), .init("scans", .number(String(entry.scans)))]
        if kind == "rule" { members.append(.init("to", routeTargets[entry.value].map(FieldValue.string) ?? .null)) }
        return .object(members)
    }

    /// `--csv`: the day series, then each breakdown, as sections of `kind,value,scans`
    /// rows (`day` rows carry the unique scans in a fourth column).
    public var csv: String {
        var rows: [[String]] = series.map { ["day", $0.date, String($0.scans), String($0.unique)] }
        rows += countries.map { ["country", $0.country, String($0.scans), ""] }
        for (kind, _) in Self.breakdownLists {
            rows += breakdown(kind).map { [kind, $0.value, String($0.scans), ""] }
        }
        return CSVTable.text(header: ["kind", "value", "scans", "unique"], rows: rows)
    }

    /// A readable summary: totals, a sparkline of the days, the top countries.
    public var table: String {
        var lines = ["\(id): \(total) scans, \(unique) unique, \(bots) from bots and link previews, last \(days) days"]
        if let first = series.first, let last = series.last {
            lines.append("\(first.date) \(AnalyticsText.sparkline(series.map(\.scans))) \(last.date)")
            let peak = series.max { $0.scans < $1.scans }
            if let peak, peak.scans > 0 { lines.append("busiest day: \(peak.date), \(peak.scans) scans") }
        }
        if !countries.isEmpty {
            lines.append("")
            lines.append("country   scans  share")
            for entry in countries.prefix(10) {
                let share = total > 0 ? Double(entry.scans) * 100 / Double(total) : 0
                lines.append(AnalyticsText.pad(entry.country, 8) + AnalyticsText.padLeft(String(entry.scans), 7)
                             + AnalyticsText.padLeft(String(format: "%.1f%%", share), 7))
            }
            if countries.count > 10 { lines.append("… and \(countries.count - 10) more") }
        }
        // The top three of each breakdown on a line.
        for (kind, list) in Self.breakdownLists where kind != "hour" {
            let entries = breakdown(kind)
            guard !entries.isEmpty, total > 0 else { continue }
            let top = entries.prefix(3).map { "\($0.value) \(String(format: "%.0f%%", Double($0.scans) * 100 / Double(total)))" }
            lines.append(AnalyticsText.pad(list, 10) + top.joined(separator: ", ") + (entries.count > 3 ? ", …" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Every code's totals, for `analytics --all`.
public struct AnalyticsTotals: Sendable {
    public struct Row: Sendable {
        public let id: String
        public let scans: Int
        public let unique: Int
        public let bots: Int
        public let firstDay: Int?
        public let lastDay: Int?
    }

    public let rows: [Row]

    public var csv: String {
        let header = ["id", "scans", "unique", "bots", "firstDate", "lastDate"]
        return CSVTable.text(header: header, rows: rows.map { row in
            [row.id, String(row.scans), String(row.unique), String(row.bots),
             row.firstDay.map(AnalyticsText.date) ?? "", row.lastDay.map(AnalyticsText.date) ?? ""]
        })
    }

    public var table: String {
        var lines = [AnalyticsText.pad("id", 14) + AnalyticsText.padLeft("scans", 9) + AnalyticsText.padLeft("unique", 9)
                     + AnalyticsText.padLeft("bots", 9) + "  first       last"]
        for row in rows {
            let first = row.firstDay.map(AnalyticsText.date) ?? "-"
            let last = row.lastDay.map(AnalyticsText.date) ?? "-"
            var line = AnalyticsText.pad(row.id, 14)
            line += AnalyticsText.padLeft(String(row.scans), 9)
            line += AnalyticsText.padLeft(String(row.unique), 9)
            line += AnalyticsText.padLeft(String(row.bots), 9)
            line += "  " + AnalyticsText.pad(first, 10) + " " + last
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension AnalyticsStore {
    /// `id`'s last `days` days up to and including `lastDay`, every day present.
    public func analytics(id: String, days: Int, lastDay: Int) throws(StoreError) -> CodeAnalytics {
        let window = try window(ids: [id], days: days, lastDay: lastDay, recentDays: days, onlyCode: id.lowercased())
        // `window` reports every id it is given.
        return window.codes[id] ?? CodeAnalytics(id: id, days: days, series: [], countries: [], bots: 0, breakdowns: [:])
    }

    /// Every code's totals; ids not in the manifest are summed under `(unknown ids)`.
    public func totals(ids: [String]) throws(StoreError) -> AnalyticsTotals {
        do {
            return try database.read { db in
                var stored: [String: AnalyticsTotals.Row] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT code, SUM(scans) AS scans, SUM(uniqueScans) AS uniqueScans, SUM(bots) AS bots,
                      MIN(day) AS firstDay, MAX(day) AS lastDay FROM daily GROUP BY code
                    """) {
                    let code: String = row["code"]
                    let scans: Int = row["scans"], unique: Int = row["uniqueScans"], bots: Int = row["bots"]
                    let firstDay: Int? = row["firstDay"], lastDay: Int? = row["lastDay"]
                    stored[code] = AnalyticsTotals.Row(id: code.isEmpty ? "(unknown ids)" : code, scans: scans, unique: unique,
                                                       bots: bots, firstDay: firstDay, lastDay: lastDay)
                }
                var rows: [AnalyticsTotals.Row] = []
                for id in ids {
                    let found = stored.removeValue(forKey: id.lowercased())
                    rows.append(AnalyticsTotals.Row(id: id, scans: found?.scans ?? 0, unique: found?.unique ?? 0, bots: found?.bots ?? 0,
                                                    firstDay: found?.firstDay, lastDay: found?.lastDay))
                }
                // Codes since removed from the manifest keep their history.
                rows += stored.values.sorted { $0.id < $1.id }
                return AnalyticsTotals(rows: rows)
            }
        } catch {
            throw StoreError(path: path, message: "\(error)")
        }
    }
}

/// Dates, sparklines and padding for the reports.
public enum AnalyticsText {
    public static func date(_ day: Int) -> String {
        String(Timestamp.string(fromSeconds: day * 86_400).prefix(10))
    }

    /// `2026-05-21` as days since 1970; nil if it is not a date.
    public static func day(from text: String) -> Int? {
        Timestamp.seconds(from: text + "T00:00:00.000Z").map { $0 / 86_400 }
    }

    /// One block character per value, scaled to the largest.
    static func sparkline(_ values: [Int]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let top = max(values.max() ?? 0, 1)
        return String(values.map { $0 == 0 ? " " : blocks[min(blocks.count - 1, ($0 * blocks.count - 1) / top)] })
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}

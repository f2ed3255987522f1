import Foundation
import GRDB
import GRDBSQLite

/// The `breakdowns` table: scans per (day, code, kind, value), where kind is `device`,
/// `os`, `browser`, `referrer`, `hour` or `city`. Aggregates only: no agent, address or
/// full referrer is kept.
extension AnalyticsStore {
    /// The kinds of breakdown, as stored and as `analytics --json` names its lists.
    public static let breakdownKinds = ["device", "os", "browser", "referrer", "hour", "city"]

    static func createBreakdowns(_ db: Database) throws {
        // Keyed by day first, like `daily`: logs arrive in time order.
        try db.create(table: "breakdowns", options: [.withoutRowID]) { table in
            table.column("day", .integer).notNull()
            table.column("code", .text).notNull()
            table.column("kind", .text).notNull()
            table.column("value", .text).notNull()
            table.column("scans", .integer).notNull()
            table.primaryKey(["day", "code", "kind", "value"])
        }
    }

    /// Rows to add, summed and in the table's key order.
    struct BreakdownRows: Sendable {
        struct Row: Hashable, Sendable, Comparable {
            let day: Int
            let code: String
            let kind: String
            let value: String

            static func < (a: Row, b: Row) -> Bool {
                if a.day != b.day { return a.day < b.day }
                if a.code != b.code { return Array(a.code.utf8).lexicographicallyPrecedes(Array(b.code.utf8)) }
                if a.kind != b.kind { return Array(a.kind.utf8).lexicographicallyPrecedes(Array(b.kind.utf8)) }
                return Array(a.value.utf8).lexicographicallyPrecedes(Array(b.value.utf8))
            }
        }

        var rows: [(row: Row, scans: Int)] = []

        /// Counts by `Breakdown.Key.packed` turned into rows: a client becomes its device,
        /// OS and browser rows; numbered names become their text.
        ///
        /// Complexity: O(n log n) for n counts.
        init(_ counts: [(key: UInt64, scans: Int32)], codes: [String], rules: ScanRules) {
            var summed: [Row: Int] = [:]
            summed.reserveCapacity(counts.count * 2)
            for (packed, scans) in counts {
                let key = Breakdown.Key(packed: packed)
                guard Int(key.code) < codes.count else { continue }
                let code = codes[Int(key.code)]
                func add(_ kind: String, _ value: String) { summed[Row(day: key.day, code: code, kind: kind, value: value), default: 0] += Int(scans) }
                switch key.breakdown {
                case .client:
                    guard let families = ClientFamilies(packed: UInt16(key.value)) else { continue }
                    add("device", families.device.name)
                    add("os", families.systemName)
                    add("browser", families.browserName)
                case .referrer: add("referrer", rules.referrers.name(key.value))
                case .hour: add("hour", key.value < 10 ? "0\(key.value)" : "\(key.value)")
                case .city:
                    if let city = rules.locations.cityName(of: UInt16(truncatingIfNeeded: key.value)) { add("city", city) }
                }
            }
            rows = summed.map { ($0.key, $0.value) }.sorted { $0.row < $1.row }
        }
    }

    /// Adds `rows` inside the caller's transaction.
    func addBreakdowns(_ rows: BreakdownRows, _ db: Database) throws {
        guard !rows.rows.isEmpty else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO breakdowns (day, code, kind, value, scans) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (day, code, kind, value) DO UPDATE SET scans = scans + excluded.scans
            """).sqliteStatement
        for (row, scans) in rows.rows {
            let result = row.code.withCString { code in
                row.kind.withCString { kind in
                    row.value.withCString { value -> Int32 in
                        sqlite3_reset(upsert)
                        sqlite3_bind_int64(upsert, 1, sqlite3_int64(row.day))
                        sqlite3_bind_text(upsert, 2, code, -1, BreakdownText.transient)
                        sqlite3_bind_text(upsert, 3, kind, -1, BreakdownText.transient)
                        sqlite3_bind_text(upsert, 4, value, -1, BreakdownText.transient)
                        sqlite3_bind_int64(upsert, 5, sqlite3_int64(scans))
                        return sqlite3_step(upsert)
                    }
                }
            }
            guard result == SQLITE_DONE else {
                throw StoreError(path: path, message: "cannot add breakdowns: " + String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        sqlite3_reset(upsert)
    }

    /// `code`'s scans by value for each kind over `days`, most first (ties by value).
    func breakdowns(code: String, days: ClosedRange<Int>, _ db: Database) throws -> [String: [(value: String, scans: Int)]] {
        var result: [String: [(value: String, scans: Int)]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT kind, value, SUM(scans) AS scans FROM breakdowns WHERE day BETWEEN ? AND ? AND code = ? GROUP BY kind, value
            """, arguments: [days.lowerBound, days.upperBound, code]) {
            result[row["kind"], default: []].append((row["value"], row["scans"]))
        }
        for kind in result.keys {
            result[kind]?.sort { ($1.scans, $0.value) < ($0.scans, $1.value) }
        }
        return result
    }
}

/// SQLite's "copy this text now" destructor.
private enum BreakdownText {
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

import Foundation
import GRDB
import QRBuildKit

/// Why the store could not be used.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "analytics store \(path): \(message)" }
}

/// The analytics store: SQLite through GRDB, in WAL mode, holding aggregates only
/// (code, day, country → scans, unique scans, bots), the per-day sets of salted visitor
/// hashes that decide uniqueness, and how far each log has been read. No raw lines and
/// no addresses: it stays small for years of logs.
public final class AnalyticsStore: Sendable {
    public let path: String
    let database: DatabasePool

    /// A log this store has read from, recognised by a hash of its first bytes.
    struct LogState: Sendable {
        var id: Int64?
        var fingerprint: [UInt8]
        var fingerprintLength: Int
        /// Uncompressed bytes counted so far (always at a line end).
        var offset: Int
        var lines: Int
        var path: String
    }

    /// One day's visitor hashes, sorted.
    struct VisitorDay: Sendable {
        let day: Int
        let hashes: [UInt64]
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: PathName.parent(of: path), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(60)
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw StoreError(path: path, message: "\(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: aggregates, visitor sets, logs read") { db in
            try db.create(table: "meta") { table in
                table.column("key", .text).primaryKey()
                table.column("value", .blob).notNull()
            }
            var salt = [UInt8](repeating: 0, count: 16)
            var generator = SystemRandomNumberGenerator()
            for index in salt.indices { salt[index] = generator.next() }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('visitorSalt', ?)", arguments: [Data(salt)])
            try db.create(table: "daily", options: [.withoutRowID]) { table in
                table.column("code", .text).notNull()  // lower-case id; "" for ids not in the manifest
                table.column("day", .integer).notNull()  // days since 1970-01-01
                table.column("country", .text).notNull()
                table.column("scans", .integer).notNull()
                table.column("uniqueScans", .integer).notNull()
                table.column("bots", .integer).notNull()
                table.primaryKey(["code", "day", "country"])
            }
            try db.create(table: "visitors") { table in
                table.column("day", .integer).primaryKey()
                table.column("hashes", .blob).notNull()
            }
            try db.create(table: "logs") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("fingerprint", .blob).notNull()
                table.column("fingerprintLength", .integer).notNull()
                table.column("offset", .integer).notNull()
                table.column("lines", .integer).notNull()
                table.column("malformed", .integer).notNull().defaults(to: 0)
                table.column("path", .text).notNull()
                table.column("updatedAt", .text).notNull()
            }
        }
        return migrator
    }

    /// The secret key of visitor hashes, made when the store was created.
    func visitorSalt() throws -> (UInt64, UInt64) {
        let data = try database.read { db in try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'visitorSalt'") }
        guard let data, data.count == 16 else { throw StoreError(path: path, message: "the visitor salt is missing") }
        let bytes = [UInt8](data)
        func word(_ start: Int) -> UInt64 { bytes[start..<(start + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        return (word(0), word(8))
    }

    func logStates() throws -> [LogState] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, fingerprint, fingerprintLength, offset, lines, path FROM logs").map { row in
                LogState(id: row["id"], fingerprint: [UInt8](row["fingerprint"] as Data), fingerprintLength: row["fingerprintLength"],
                         offset: row["offset"], lines: row["lines"], path: row["path"])
            }
        }
    }

    func visitors(onDay day: Int) throws -> [UInt64] {
        guard let data = try database.read({ db in try Data.fetchOne(db, sql: "SELECT hashes FROM visitors WHERE day = ?", arguments: [day]) }) else {
            return []
        }
        return data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }

    /// Adds a block's counts, replaces the touched days' visitor sets and moves the log's
    /// place forward, in one transaction: after a crash, either all of it is there or none.
    func commit(counts: [(code: String, day: Int, country: String, counts: BlockTally.Counts)], visitorDays: [VisitorDay],
                log: inout LogState, malformed: Int) throws {
        let now = Timestamp.string(fromSeconds: Int(Date().timeIntervalSince1970))
        log.id = try database.write { db -> Int64 in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO daily (code, day, country, scans, uniqueScans, bots) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (code, day, country) DO UPDATE SET scans = scans + excluded.scans,
                  uniqueScans = uniqueScans + excluded.uniqueScans, bots = bots + excluded.bots
                """)
            for row in counts {
                try upsert.execute(arguments: [row.code, row.day, row.country, row.counts.scans, row.counts.unique, row.counts.bots])
            }
            let replace = try db.cachedStatement(sql: "INSERT OR REPLACE INTO visitors (day, hashes) VALUES (?, ?)")
            for visitorDay in visitorDays {
                // Little-endian words, read back by `visitors(onDay:)`.
                let data = visitorDay.hashes.map(\.littleEndian).withUnsafeBufferPointer { Data(buffer: $0) }
                try replace.execute(arguments: [visitorDay.day, data])
            }
            if let id = log.id {
                try db.execute(sql: """
                    UPDATE logs SET fingerprint = ?, fingerprintLength = ?, offset = ?, lines = ?, malformed = malformed + ?,
                      path = ?, updatedAt = ? WHERE id = ?
                    """, arguments: [Data(log.fingerprint), log.fingerprintLength, log.offset, log.lines, malformed, log.path, now, id])
                return id
            }
            try db.execute(sql: """
                INSERT INTO logs (fingerprint, fingerprintLength, offset, lines, malformed, path, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Data(log.fingerprint), log.fingerprintLength, log.offset, log.lines, malformed, log.path, now])
            return db.lastInsertedRowID
        }
    }
}

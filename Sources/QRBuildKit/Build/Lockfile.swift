import Foundation
import QRPayload

/// `qrbuild.lock.json`: every id ever published, with what its printed image and its
/// destination looked like, so a build can refuse to drop, reuse or silently reprint one.
public struct Lockfile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The id as written.
        public var id: String
        public var name: String?
        /// Hash of everything that decides the printed image.
        public var appearance: String
        /// Hash of the destination; absent for password-protected codes.
        public var destination: String?
        public var publishedAt: String
        public var updatedAt: String
    }

    /// Entries by lower-case id.
    public var entries: [String: Entry] = [:]

    public static let fileName = "qrbuild.lock.json"

    /// Reads a lockfile; a missing file is an empty lockfile.
    public static func load(from path: String) throws(ManifestErrors) -> Lockfile {
        guard let data = FileManager.default.contents(atPath: path) else { return Lockfile() }
        let file = PathName.name(of: path)
        func issue(_ path: String, _ location: SourceLocation?, _ message: String) -> ManifestErrors {
            ManifestErrors(file: file, issues: [ManifestIssue(path: path, location: location, message: message)])
        }
        let document: JSONNode
        do {
            document = try JSONReader.parse(Array(data))
        } catch {
            throw issue("", error.location, error.message)
        }
        guard case .number("1") = document["version"]?.kind, let codes = document["codes"]?.members else {
            throw issue("", document.location, "not a qrbuild lockfile (expected {\"version\": 1, \"codes\": {…}})")
        }
        var lockfile = Lockfile()
        for member in codes {
            let value = member.value
            guard let appearance = value["appearance"]?.stringValue, let published = value["publishedAt"]?.stringValue,
                  let updated = value["updatedAt"]?.stringValue else {
                throw issue("codes.\(member.name)", member.nameLocation, "needs appearance, publishedAt and updatedAt")
            }
            lockfile.entries[member.name.lowercased()] = Entry(
                id: member.name, name: value["name"]?.stringValue, appearance: appearance,
                destination: value["destination"]?.stringValue, publishedAt: published, updatedAt: updated)
        }
        return lockfile
    }

    /// The lockfile as JSON: ids sorted, keys in a fixed order.
    public var text: String {
        let codes = entries.keys.sorted().compactMap { key -> FieldValue.Member? in
            guard let entry = entries[key] else { return nil }
            var fields: [FieldValue.Member] = []
            if let name = entry.name { fields.append(.init("name", .string(name))) }
            fields.append(.init("appearance", .string(entry.appearance)))
            if let destination = entry.destination { fields.append(.init("destination", .string(destination))) }
            fields.append(.init("publishedAt", .string(entry.publishedAt)))
            fields.append(.init("updatedAt", .string(entry.updatedAt)))
            return .init(entry.id, .object(fields))
        }
        return JSONWriter.pretty(.object([.init("version", .number("1")), .init("codes", .object(codes))]))
    }

    /// The latest time anything in the lockfile changed, in seconds since 1970.
    var latestChange: Int? {
        entries.values.compactMap { Timestamp.seconds(from: $0.updatedAt) }.max()
    }
}

/// The API's timestamps: `2026-05-21T15:00:00.000Z`.
enum Timestamp {
    static func string(fromSeconds seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func seconds(from text: String) -> Int? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int($0.timeIntervalSince1970) }
    }
}

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
        /// When the printed image last changed, if after `publishedAt` (a reprint).
        public var printedAt: String?
    }

    /// Entries by lower-case id.
    public var entries: [String: Entry] = [:]

    public static let fileName = "qrbuild.lock.json"

    /// Reads a lockfile; a missing file is an empty lockfile. A large one is parsed in
    /// parts on all cores.
    public static func load(from path: String) throws(ManifestErrors) -> Lockfile {
        let file = PathName.name(of: path)
        guard let bytes = StagingFile.read(path) else {
            // Only a missing lockfile is an empty one: one that cannot be read would
            // otherwise let published ids be dropped or reused unnoticed.
            guard errno == ENOENT else {
                throw issue(file, "", nil, "cannot read the lockfile: \(StagingFile.readFailure())")
            }
            return Lockfile()
        }
        if let lockfile = try loadInParts(bytes, file: file) { return lockfile }
        let document: JSONNode
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            throw issue(file, "", error.location, error.message)
        }
        guard case .number("1") = document["version"]?.kind, let codes = document["codes"]?.members else {
            throw notALockfile(file, document)
        }
        var lockfile = Lockfile()
        for member in codes {
            let (key, entry) = try Self.entry(member, file: file)
            lockfile.entries[key] = entry
        }
        return lockfile
    }

    /// The lockfile with its codes parsed in parts at once, or nil if it is small or
    /// not well-formed (the one-pass parse then reports the first error as it stands).
    private static func loadInParts(_ bytes: [UInt8], file: String) throws(ManifestErrors) -> Lockfile? {
        guard bytes.count > 1 << 20, let (document, starts) = try? JSONReader.parseRecordingElements(bytes, skipping: "codes", objects: true),
              case .number("1") = document["version"]?.kind, let codes = document["codes"],
              bytes[codes.location.offset] == UInt8(ascii: "{") else { return nil }
        let parts = Concurrently.map(Concurrently.parts(of: starts.count, count: 16)) { range -> Result<[(String, Entry)], ManifestErrors>? in
            var entries: [(String, Entry)] = []
            entries.reserveCapacity(range.count)
            var failure: ManifestErrors?
            do {
                try JSONReader.parseFlatMembers(bytes, starts: starts, range) { name, location, fields in
                    guard failure == nil else { return }
                    do throws(ManifestErrors) {
                        entries.append(try entry(name, location, fields: fields, file: file))
                    } catch {
                        failure = error
                    }
                }
            } catch {
                return nil
            }
            return failure.map { .failure($0) } ?? .success(entries)
        }
        var lockfile = Lockfile()
        lockfile.entries.reserveCapacity(starts.count)
        for part in parts {
            guard let part else { return nil }
            for (key, entry) in try part.get() { lockfile.entries[key] = entry }
        }
        return lockfile
    }

    /// One `codes` member: its lower-case id and entry.
    private static func entry(_ member: JSONNode.Member, file: String) throws(ManifestErrors) -> (String, Entry) {
        // Non-string values count as missing, as in the flat reading.
        let fields = member.value.members?.compactMap { field in field.value.stringValue.map { (field.name, $0) } } ?? []
        return try entry(member.name, member.nameLocation, fields: fields, file: file)
    }

    /// An entry from its id and its fields' string values.
    private static func entry(_ id: String, _ location: SourceLocation?, fields: [(String, String)],
                              file: String) throws(ManifestErrors) -> (String, Entry) {
        func field(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }
        guard let appearance = field("appearance"), let published = field("publishedAt"), let updated = field("updatedAt") else {
            throw issue(file, "codes.\(id)", location, "needs appearance, publishedAt and updatedAt")
        }
        return (id.lowercased(), Entry(
            id: id, name: field("name"), appearance: appearance, destination: field("destination"),
            publishedAt: published, updatedAt: updated, printedAt: field("printedAt")))
    }

    private static func issue(_ file: String, _ path: String, _ location: SourceLocation?, _ message: String) -> ManifestErrors {
        ManifestErrors(file: file, issues: [ManifestIssue(path: path, location: location, message: message)])
    }

    private static func notALockfile(_ file: String, _ document: JSONNode) -> ManifestErrors {
        issue(file, "", document.location, "not a qrbuild lockfile (expected {\"version\": 1, \"codes\": {…}})")
    }

    /// The lockfile as JSON: ids sorted, keys in a fixed order.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// ``text`` as UTF-8 bytes.
    var bytes: [UInt8] {
        // Written straight to bytes, in the layout `JSONWriter` gives a tree of values:
        // building that tree first cost as much as the rest of writing the file.
        var out: [UInt8] = []
        out.reserveCapacity(64 + entries.count * 320)
        var document = JSONObjectWriter(appendingTo: &out, depth: 0)
        document.number("version", 1)
        document.object("codes") { codes in
            for (_, entry) in entries.sorted(byStringKey: \.key) {
                codes.object(entry.id) { fields in
                    if let name = entry.name { fields.string("name", name) }
                    fields.string("appearance", entry.appearance)
                    if let destination = entry.destination { fields.string("destination", destination) }
                    fields.string("publishedAt", entry.publishedAt)
                    fields.string("updatedAt", entry.updatedAt)
                    if let printed = entry.printedAt { fields.string("printedAt", printed) }
                }
            }
        }
        out = document.finish()
        out.append(0x0A)
        return out
    }

    /// 1980-01-01T00:00:00Z, the earliest time a zip entry can hold: the timestamp of
    /// what has no other (an empty lockfile, static codes).
    static let earliestZipTime = 315_532_800
}

/// The API's timestamps, `2026-05-21T15:00:00.000Z`, always UTC, formatted and parsed
/// by hand: a lockfile of 100,000 codes holds 200,000 of them.
public enum Timestamp {
    public static func string(fromSeconds seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(fromDays: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).000Z"
    }

    public static func seconds(from text: String) -> Int? {
        // Read in place: a build reads two of these per code, and copying each into an
        // array first cost most of the reading.
        var text = text
        return text.withUTF8 { digits -> Int? in
            guard digits.count == 24, digits[19] == 0x2E, digits[23] == 0x5A else { return nil }
            return civilSeconds(digits)
        }
    }

    /// Seconds since 1970 of the `YYYY-MM-DDTHH:MM:SS` that `text` starts with, read as
    /// UTC; nil when it is not that form or not a real date and time.
    static func civilSeconds(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard text.count >= 19, text[4] == 0x2D, text[7] == 0x2D, text[10] == 0x54, text[13] == 0x3A, text[16] == 0x3A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in text[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month),
              day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60 else { return nil }
        return days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// The days of `month` in `year` (Gregorian leap years).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func civilDate(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex + (monthIndex < 10 ? 3 : -9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

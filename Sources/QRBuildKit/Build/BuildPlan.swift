import Crypto
import Foundation
import QRPayload

/// What a build will publish, checked against the lockfile: the conflicts (the API's 409)
/// and the lockfile the build leaves behind.
struct BuildPlan: Sendable {
    let manifest: Manifest
    /// The lockfile after this build.
    let lockfile: Lockfile
    /// The ids this build publishes for the first time, in manifest order.
    let published: [String]
    /// Whether `lockfile` differs from the one the build started from.
    let lockfileChanged: Bool
    /// Per code (by index in `manifest.codes`): the hash of what decides its image.
    let appearance: [String]
    /// Per code: when its image was last printed differently (its publication or last
    /// reprint), in seconds since 1970; nil for codes the lockfile does not hold.
    let printedTimes: [Int?]
    /// The latest time anything in the lockfile changed, in seconds since 1970.
    let latestChange: Int?

    /// Plans a build; throws every conflict at once.
    ///
    /// Complexity: O(n) for n codes, the hashing spread over the cores.
    init(manifest: Manifest, previous: Lockfile, now: Int, allowReprint: Bool) throws(BuildError) {
        self.manifest = manifest
        appearance = Concurrently.map(manifest.codes) { Self.appearanceHash(of: $0, in: manifest) }
        // A protected destination's digest is taken of its stored form (ciphertext or seal),
        // which is in git already and changes whenever the destination does: a lock holds,
        // and nothing about the plain destination reaches the lockfile.
        let destinations = Concurrently.map(manifest.codes) { code -> String? in
            guard code.type == .dynamic, code.id != nil else { return nil }
            return code.hidesDestination
                ? Self.hash("stored destination", code.storedPayload ?? code.payload)
                : Self.hash("destination", code.payload)
        }
        var conflicts: [String] = []
        var lockfile = previous
        var published: [String] = []
        var changed = false
        let timestamp = Timestamp.string(fromSeconds: now)
        lockfile.entries.reserveCapacity(previous.entries.count + manifest.codes.count)
        // Every entry of the new lockfile passes through the loop below (a published id the
        // manifest no longer has is a conflict), so its times are taken there.
        var printedTimes = [Int?](repeating: nil, count: manifest.codes.count)
        var latestChange: Int?
        func noteTimes(of entry: Lockfile.Entry, at position: Int) {
            printedTimes[position] = Timestamp.seconds(from: entry.printedAt ?? entry.publishedAt)
            if let updated = Timestamp.seconds(from: entry.updatedAt) { latestChange = max(latestChange ?? updated, updated) }
        }
        // How many published ids the manifest still has (ids are unique, so each is counted
        // once): when that is all of them, none is missing, and the lockfile need not be
        // searched for the ones that are (100,000 lookups at 100,000 codes).
        var stillPublished = 0
        for (position, code) in manifest.codes.enumerated() {
            guard code.type == .dynamic, let id = code.id, let destination = destinations[position] else { continue }
            let key = id.key
            func place() -> String { "codes[\(code.index)] (id \(id.text))" }
            guard let before = previous.entries[key] else {
                lockfile.entries[key] = Lockfile.Entry(
                    id: id.text, name: code.name, appearance: appearance[position], destination: destination,
                    publishedAt: timestamp, updatedAt: timestamp)
                published.append(id.text)
                printedTimes[position] = now
                latestChange = max(latestChange ?? now, now)
                continue
            }
            stillPublished += 1
            var entry = before
            if let published = entry.name, let name = code.name, published != name {
                conflicts.append("\(place()): this id was published for \"\(published)\"; reusing it for \"\(name)\" would send old prints to a new code. Give the new code its own id with `qrbuild add`; if it is the same code renamed, change its name in \(Lockfile.fileName) too")
            }
            if entry.appearance != appearance[position] {
                if allowReprint {
                    entry.appearance = appearance[position]
                    entry.updatedAt = timestamp
                    entry.printedAt = timestamp
                } else {
                    conflicts.append("\(place()): its printed image would change (style, logo, error correction, format or redirect base); printed copies keep working, but new prints would differ. Undo the change, or build with --allow-reprint")
                }
            }
            if code.secure.contains(.locked), let locked = entry.destination, locked != destination {
                conflicts.append("\(place()): the destination is locked for compliance and may not change; restore it, or remove \"locked\" in a reviewed change")
            } else if entry.destination != destination {
                entry.destination = destination
                entry.updatedAt = timestamp
            }
            entry.name = entry.name ?? code.name
            noteTimes(of: entry, at: position)
            // Only changed entries are written: an unchanged lockfile is then never copied.
            if entry != before {
                lockfile.entries[key] = entry
                changed = true
            }
        }
        var missing: [Lockfile.Entry] = []
        if stillPublished < previous.entries.count {
            let present = Set(manifest.codes.lazy.filter { $0.type == .dynamic }.compactMap { $0.id?.key })
            for (key, entry) in previous.entries where !present.contains(key) { missing.append(entry) }
        }
        for entry in missing.sorted(by: { $0.id.lowercased() < $1.id.lowercased() }) {
            let name = entry.name.map { " (\"\($0)\")" } ?? ""
            conflicts.append("id \(entry.id)\(name) was published but is missing from the manifest: printed codes live for years; keep it and set \"status\": \"inactive\" instead")
        }
        guard conflicts.isEmpty else { throw .conflicts(conflicts) }
        self.lockfile = lockfile
        self.published = published
        self.printedTimes = printedTimes
        self.latestChange = latestChange
        lockfileChanged = changed || !published.isEmpty
    }

    /// Everything that decides a code's printed image: what it encodes and how it is drawn.
    static func appearanceHash(of code: Manifest.Code, in manifest: Manifest) -> String {
        let style = code.style
        var parts = [manifest.encodedText(of: code), String(style.errorCorrection.letter), "\(style.margin)",
                     style.foreground.hexRGB, "\(style.foreground.alpha)", style.background.hexRGB,
                     "\(style.background.alpha)", "\(style.scale)", code.returnType.rawValue]
        // Only styled codes add their shapes: a plain code's hash stays what it always was,
        // so upgrading reprints nothing.
        if !style.shapes.isPlain { parts.append(style.shapes.appearanceKey) }
        // The logo's bytes too: a redrawn logo file reprints every code that shows it.
        if let logo = style.shapes.logo { parts.append(manifest.logos[logo.file]?.digest ?? "unread") }
        return hash("appearance", parts)
    }

    /// The digest of `purpose`, U+001E, then `parts` joined by U+001F, gathered into one
    /// buffer and hashed in one call: each small update cost a call into the hash and a
    /// closure, more than the hashing of a few dozen bytes (measured).
    static func hash(_ purpose: String, _ parts: [String]) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(parts.reduce(purpose.utf8.count + 1) { $0 + $1.utf8.count + 1 })
        message += purpose.utf8
        message.append(0x1E)
        for (index, part) in parts.enumerated() {
            if index > 0 { message.append(0x1F) }
            message += part.utf8
        }
        return SHA256.hash(data: message).labelledHex
    }

    static func hash(_ purpose: String, _ text: String) -> String { hash(purpose, [text]) }
}

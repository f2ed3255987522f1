import Glibc
import Foundation

/// What `ingest` needs to know to count scans: which paths are codes, how to hash
/// visitors, how to find countries and days.
struct ScanRules: Sendable {
    /// The redirect location, e.g. `/r/`.
    let prefix: [UInt8]
    /// Known ids (lower case, packed into 8 bytes) → position in `ids`.
    let codes: FlatTable<Int32>
    /// Known ids in lower case, by position.
    let ids: [String]
    /// `codeRanks(ids)`: the order the store's keys put them in.
    let ranks: [Int]
    /// The store's secret key for visitor hashes.
    let salt: (UInt64, UInt64)
    /// The seed of the in-memory `FastHash` keys, from the same secret.
    var hashSeed: UInt64 { salt.0 ^ (salt.1 << 29 | salt.1 >> 35) }
    let clock: DayClock
    let geoIP: GeoIPDatabase?
    /// True when `geoIP` has cities: then addresses are looked up even in a log that carries
    /// its own country (nginx's GeoIP country module), for the city.
    var looksUpCities: Bool { geoIP?.hasCities ?? false }
    /// Referring hosts, numbered for the breakdown keys.
    let referrers = NameTable()
    /// Countries and cities, numbered (see `GeoLocations`).
    let locations = GeoLocations()

    /// The code index meaning "an id that is not in the manifest".
    static let unknownCode: Int32 = -1

    /// An id of up to 8 bytes, lower-cased and packed; nil if it cannot be an id.
    @inline(__always)
    static func packedID(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        guard range.count == 8 else { return nil }
        var packed: UInt64 = 0
        for index in range {
            var byte = bytes[index]
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            packed = packed << 8 | UInt64(byte)
        }
        return packed
    }
}

/// The counts from one block of log lines. Scans and bots are summed per (code, day,
/// country); each human scan's visitor is kept, in order, so that uniques can be decided
/// once, against everything seen before, when blocks are merged.
struct BlockTally: Sendable {
    struct Counts: Sendable {
        var scans: Int32 = 0
        var unique: Int32 = 0
        var bots: Int32 = 0
    }

    struct Visit: Sendable {
        let slot: TallyKey
        let visitor: UInt64
    }

    /// Counts by `TallyKey.packed`.
    var counts = FlatTable(filler: Counts())
    /// Human scans of known codes by `Breakdown.Key.packed`.
    var breakdowns = FlatTable(filler: Int32(0))
    /// Human scans of known codes, in line order, split by the shard that decides them
    /// (`VisitorSet.shard(of:)`), so a shard reads only its own.
    var visits: [[Visit]] = [[], []]
    var lines = 0
    var ignored = 0
    /// Malformed lines: how many, and the first few as (line within the block, excerpt).
    var malformed = 0
    var malformedSamples: [(line: Int, excerpt: String)] = []
}

/// (code, day, country) in one word, for cheap dictionary keys.
struct TallyKey: Hashable, Sendable {
    let packed: UInt64

    init(packed: UInt64) {
        self.packed = packed
    }

    init(code: Int32, day: Int, country: UInt16) {
        packed = UInt64(UInt32(bitPattern: code)) << 32 | UInt64(UInt32(truncatingIfNeeded: day) & 0x3F_FFFF) << 10 | UInt64(country & 0x3FF)
    }

    var code: Int32 { Int32(bitPattern: UInt32(packed >> 32)) }
    var day: Int {
        let raw = Int((packed >> 10) & 0x3F_FFFF)
        return raw >= 0x20_0000 ? raw - 0x40_0000 : raw
    }
    var country: UInt16 { UInt16(packed & 0x3FF) }
}

/// Counts the scans in blocks of log lines. One per thread: it keeps caches.
struct ScanCounter {
    let rules: ScanRules
    /// What each agent is, by digest: `machineAgent`, or its `ClientFamilies.packed`. One
    /// table for both questions: every line asks the first, every scan the second.
    private var agentKind = FlatTable(filler: UInt16(0))
    private static let machineAgent = UInt16.max
    /// The last agent's families, when `isMachine` found it a person.
    private var lastFamilies: UInt16 = 0
    /// Referring hosts' numbers by the digest of the lower-cased host.
    private var referrerOfHost = FlatTable(filler: UInt32(0))
    /// The number of "direct" (no referrer), once known.
    private var directID: UInt32?
    /// Lower-cased referring hosts are copied here before hashing.
    private var hostBuffer = [UInt8](repeating: 0, count: 256)
    /// Addresses looked up by either counter in earlier blocks.
    private let knownCountries: CountryCache
    /// Addresses this counter looked up in this block, not yet in `knownCountries`.
    private var newCountryOfAddress = FlatTable(filler: UInt16(0))
    private var countryOfRecord = FlatTable(filler: UInt16(0))
    private var dayCache = DayClock.Cache()
    /// `newCountryOfAddress` in the order of lookup.
    private var newCountries: [(UInt64, UInt16)] = []
    /// The digest of the agent `isMachine` looked at last.
    private var lastAgentHash: UInt64 = 0
    /// How many entries the last block's tally had: the next one starts that large.
    private var expectedSlots = 1024

    /// `rules.looksUpCities`, read once (it asks the database's metadata).
    private let citiesFromDatabase: Bool

    init(rules: ScanRules, knownCountries: CountryCache) {
        self.rules = rules
        self.knownCountries = knownCountries
        citiesFromDatabase = rules.looksUpCities
    }

    /// Between blocks, while no counter reads it: adds this block's lookups to the shared
    /// cache, so each address goes to the database once.
    mutating func shareNewCountries() {
        for (key, code) in newCountries { knownCountries.insert(key, country: code) }
        newCountryOfAddress = FlatTable(filler: UInt16(0), minimumCapacity: max(64, newCountries.count))
        newCountries = []
    }

    /// A line parsed ahead of counting.
    private struct ParsedLine {
        let line: UnsafeBufferPointer<UInt8>
        let record: LogRecord?
        /// The client's address in `line`.
        let address: Range<Int>
        /// `FastHash` of the address when its country is to be looked up, else nil.
        let addressDigest: UInt64?
        var knownCountry: UInt16?
    }

    /// Lines parsed ahead of counting, per batch.
    private static let batchSize = 16

    /// Tallies every line of `block` (whole lines, each ending with a newline).
    ///
    /// Lines go in batches: parsed first, then their addresses looked up in the shared
    /// country cache one after the other, then counted. The lookups miss the processor's
    /// caches; back to back they wait for memory together instead of one per line.
    ///
    /// Complexity: O(n) in the block's bytes, plus one GeoIP lookup per new address.
    mutating func tally(_ block: UnsafeBufferPointer<UInt8>) -> BlockTally {
        var tally = BlockTally()
        tally.counts = FlatTable(filler: BlockTally.Counts(), minimumCapacity: expectedSlots)
        tally.breakdowns = FlatTable(filler: Int32(0), minimumCapacity: expectedSlots * 4)
        tally.visits[0].reserveCapacity(block.count / 400)
        tally.visits[1].reserveCapacity(block.count / 400)
        defer { expectedSlots = max(1024, tally.counts.count) }
        guard let base = block.baseAddress else { return tally }
        var batch: [ParsedLine] = []
        batch.reserveCapacity(Self.batchSize)
        var start = 0
        while start < block.count {
            batch.removeAll(keepingCapacity: true)
            while batch.count < Self.batchSize, start < block.count {
                // memchr: the C library's vectorised search, far quicker than a byte loop here.
                let found = memchr(base + start, 0x0A, block.count - start)
                let end = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? block.count
                batch.append(parse(UnsafeBufferPointer(rebasing: block[start..<end])))
                start = end + 1
            }
            for index in batch.indices {
                if let digest = batch[index].addressDigest { batch[index].knownCountry = knownCountries.country(of: digest) }
            }
            // Through the buffer, each parsed line is read in place: it is large enough
            // that copying it out of the array per line showed in profiles.
            batch.withUnsafeBufferPointer { parsedLines in
                for index in parsedLines.indices {
                    tally.lines += 1
                    count(parsedLines[index], into: &tally)
                }
            }
        }
        return tally
    }

    @inline(__always)
    private func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine {
        guard let record = LogFormat.parseAny(line) else {
            return ParsedLine(line: line, record: nil, address: 0..<0, addressDigest: nil)
        }
        let address = clientAddress(record, in: line)
        let looksUp = rules.geoIP != nil && (record.country.count != 2 || citiesFromDatabase) && !address.isEmpty && address.count <= 45
        return ParsedLine(line: line, record: record, address: address,
                          addressDigest: looksUp ? FastHash.hash(UnsafeBufferPointer(rebasing: line[address]), seed: rules.hashSeed) : nil)
    }

    private mutating func count(_ parsed: ParsedLine, into tally: inout BlockTally) {
        let line = parsed.line
        guard let record = parsed.record else {
            // Blank lines are not worth a report.
            if line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) {
                tally.malformed += 1
                if tally.malformedSamples.count < 5 {
                    tally.malformedSamples.append((tally.lines, LogExcerpt.make(line)))
                }
            }
            return
        }
        // A GET under the redirect prefix, one path segment: a scan of a known or an unknown id.
        guard record.method.count == 3, line[record.method.lowerBound] == UInt8(ascii: "G"),
              line[record.method.lowerBound + 1] == UInt8(ascii: "E"), line[record.method.lowerBound + 2] == UInt8(ascii: "T") else {
            tally.ignored += 1
            return
        }
        let path = UnsafeBufferPointer(rebasing: line[record.path])
        var target = idTarget(in: path)
        // A known id never needs normalising (ids hold no %, . or /), so only the rest is
        // read again as nginx reads it (the combined log holds the raw request): rare, a copy.
        if record.pathIsRaw, !target.isKnown(in: rules), RequestPath.needsNormalizing(path) {
            target = RequestPath.normalized(path).map { normalized in normalized.withUnsafeBufferPointer { idTarget(in: $0) } } ?? .other
        }
        guard case .id(let packed) = target else {
            tally.ignored += 1
            return
        }
        let code = packed.flatMap { rules.codes[$0] } ?? ScanRules.unknownCode
        // A known code counts when it was answered: a redirect, or a landing or unlock page.
        if code != ScanRules.unknownCode, !Self.isAnswered(record.status) {
            tally.ignored += 1
            return
        }
        let day = rules.clock.day(ofUTCSeconds: record.time, cache: &dayCache)
        let address = parsed.address
        let location = location(record, parsed, in: line)
        let slot = TallyKey(code: code, day: day, country: rules.locations.country(of: location))
        let agent = UnsafeBufferPointer(rebasing: line[record.agent])
        if isMachine(agent) {
            tally.counts.update(slot.packed, initial: .init()) { $0.bots += 1 }
            return
        }
        tally.counts.update(slot.packed, initial: .init()) { $0.scans += 1 }
        // Unknown ids have no unique scans, and no breakdowns.
        guard code != ScanRules.unknownCode else { return }
        if code < Breakdown.codeLimit {
            func add(_ breakdown: Breakdown, _ value: UInt32) {
                tally.breakdowns.update(Breakdown.Key(code: code, day: day, breakdown: breakdown, value: value).packed, initial: 0) { $0 += 1 }
            }
            // Most scans have no referrer: theirs rides in the client's key (bit 19).
            let referrer = referrer(UnsafeBufferPointer(rebasing: line[record.referrer]))
            let direct: UInt32 = referrer == directID ? Breakdown.directFlag : 0
            add(.clientHour, direct | UInt32(lastFamilies) << 5 | UInt32(rules.clock.hour(ofUTCSeconds: record.time, cache: &dayCache)))
            if direct == 0 { add(.referrer, referrer) }
            if location >= GeoLocations.firstCity { add(.city, UInt32(location)) }
            if record.rule != 0 { add(.rule, UInt32(record.rule)) }
        }
        // The stored visitor is keyed with the store's secret; its inputs are quick digests
        // of address and agent (the agent's is at hand from the bot check).
        var hasher = SipHash(key0: rules.salt.0, key1: rules.salt.1)
        hasher.combine(packed ?? 0)
        hasher.combine(UInt64(bitPattern: Int64(day)))
        hasher.combine(parsed.addressDigest ?? FastHash.hash(UnsafeBufferPointer(rebasing: line[address]), seed: rules.hashSeed))
        hasher.combine(lastAgentHash)
        let visitor = hasher.finalize()
        tally.visits[VisitorSet.shard(of: visitor)].append(.init(slot: slot, visitor: visitor))
    }

    /// What a request path names: one segment under the redirect prefix (an id of eight
    /// characters, packed, or nil for any other segment), or something else.
    private enum IDTarget {
        case id(UInt64?)
        case other

        @inline(__always)
        func isKnown(in rules: ScanRules) -> Bool {
            guard case .id(let packed?) = self else { return false }
            return rules.codes[packed] != nil
        }
    }

    @inline(__always)
    private func idTarget(in path: UnsafeBufferPointer<UInt8>) -> IDTarget {
        let prefix = rules.prefix
        guard path.count > prefix.count, Self.hasPrefix(prefix, path, at: 0) else { return .other }
        let idRange = prefix.count..<path.count
        guard !path[idRange].contains(UInt8(ascii: "/")) else { return .other }
        return .id(ScanRules.packedID(path, idRange))
    }

    /// True if `line` holds `prefix` at `offset` (the caller checked the length).
    @inline(__always)
    private static func hasPrefix(_ prefix: [UInt8], _ line: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let lineBase = line.baseAddress else { return prefix.isEmpty }
        return prefix.withUnsafeBufferPointer { expected in
            guard let expectedBase = expected.baseAddress else { return true }
            return memcmp(expectedBase, lineBase + offset, expected.count) == 0
        }
    }

    /// A redirect, or a landing or unlock page.
    @inline(__always)
    private static func isAnswered(_ status: Int16) -> Bool {
        switch status {
        case 200, 301, 302, 303, 307, 308: true
        default: false
        }
    }

    /// The client: the last address in `X-Forwarded-For` when nginx marked the peer as a
    /// trusted proxy (that is the address the proxy saw), else the peer itself.
    private func clientAddress(_ record: LogRecord, in line: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard record.trustedProxy, !record.forwarded.isEmpty else { return record.address }
        var end = record.forwarded.upperBound
        while end > record.forwarded.lowerBound, line[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > record.forwarded.lowerBound, line[start - 1] != UInt8(ascii: ","), line[start - 1] != 0x20 { start -= 1 }
        return start < end ? start..<end : record.address
    }

    /// Whether `agent` is a machine; for a person, its families go to `lastFamilies`.
    private mutating func isMachine(_ agent: UnsafeBufferPointer<UInt8>) -> Bool {
        let key = FastHash.hash(agent, seed: rules.hashSeed)
        lastAgentHash = key
        let kind: UInt16
        if let known = agentKind[key] {
            kind = known
        } else {
            kind = ClientClassifier.isMachine(agent) ? Self.machineAgent : UserAgentFamilies.classify(agent).packed
            if agentKind.count < 200_000 { agentKind.set(key, kind) }
        }
        lastFamilies = kind
        return kind == Self.machineAgent
    }

    /// The number of the referring host in `referrer` (`Referer` as logged): "direct" when
    /// there is none (most scans: a camera sends no referrer), "other" when it is not a URL.
    private mutating func referrer(_ referrer: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var start = 0
        // scheme://
        while start + 2 < referrer.count, referrer[start] != UInt8(ascii: ":") { start += 1 }
        guard start + 2 < referrer.count, referrer[start + 1] == UInt8(ascii: "/"), referrer[start + 2] == UInt8(ascii: "/") else {
            return nameID(referrer.isEmpty || (referrer.count == 1 && referrer[0] == UInt8(ascii: "-")) ? "direct" : "other")
        }
        start += 3
        var length = 0
        var index = start
        while index < referrer.count, length < hostBuffer.count {
            var byte = referrer[index]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: "@") { length = 0; index += 1; continue }  // user info
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            let allowed = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            guard allowed else { return nameID("other") }
            hostBuffer[length] = byte
            length += 1
            index += 1
        }
        guard length > 0, length < hostBuffer.count else { return nameID("other") }
        let digest = hostBuffer.withUnsafeBufferPointer { FastHash.hash(UnsafeBufferPointer(rebasing: $0[0..<length]), seed: rules.hashSeed) }
        if let known = referrerOfHost[digest] { return known }
        let id = nameID(String(decoding: hostBuffer[0..<length], as: UTF8.self))
        if referrerOfHost.count < 100_000 { referrerOfHost.set(digest, id) }
        return id
    }

    private mutating func nameID(_ name: String) -> UInt32 {
        // Most scans have no referrer: "direct" is looked up once, not per scan.
        if name == "direct", let direct = directID { return direct }
        let id = rules.referrers.id(of: name) ?? rules.referrers.id(of: "other") ?? 0
        if name == "direct" { directID = id }
        return id
    }

    /// Where the client is (`GeoLocations`): with a City database, its city (and the city's
    /// country) for the address; else the log's own country when it has a valid one; else a
    /// GeoIP lookup (cached) of the country; else unknown.
    private mutating func location(_ record: LogRecord, _ parsed: ParsedLine, in line: UnsafeBufferPointer<UInt8>) -> UInt16 {
        let logged = record.country.count == 2 ? CountryCode.index(line[record.country.lowerBound], line[record.country.lowerBound + 1]) : nil
        if let logged, !citiesFromDatabase { return logged }
        let found = lookUp(parsed, in: line)
        // The log's country stands where the database knows no city for the address.
        if let logged, found < GeoLocations.firstCity { return logged }
        return found
    }

    /// The GeoIP location of the line's address, cached per address and per database record.
    private mutating func lookUp(_ parsed: ParsedLine, in line: UnsafeBufferPointer<UInt8>) -> UInt16 {
        guard let geoIP = rules.geoIP, let key = parsed.addressDigest else { return CountryCode.unknown }
        if let known = parsed.knownCountry ?? newCountryOfAddress[key] { return known }
        let text = String(decoding: UnsafeBufferPointer(rebasing: line[parsed.address]), as: UTF8.self)
        var code = CountryCode.unknown
        if let record = geoIP.record(of: text) {
            // Many addresses share a record (a city, a network): read each record once.
            if let known = countryOfRecord[UInt64(record)] {
                code = known
            } else {
                let utf8 = geoIP.country(ofRecord: record).map { Array($0.utf8) } ?? []
                code = utf8.count == 2 ? CountryCode.index(utf8[0], utf8[1]) ?? CountryCode.unknown : CountryCode.unknown
                if let city = geoIP.city(ofRecord: record) { code = rules.locations.location(country: code, city: city) }
                countryOfRecord.set(UInt64(record), code)
            }
        }
        newCountryOfAddress.set(key, code)
        newCountries.append((key, code))
        return code
    }
}

/// Reads the members of a zip archive from its central directory (zip64 included):
/// enough to copy each member into another archive without decompressing it.
enum ZipDirectory {
    /// Why an archive's members could not be read.
    struct Malformed: Error {
        let reason: String
    }

    /// The members of the archive in `bytes`, in the order of their local headers.
    ///
    /// - Complexity: O(n) in the archive's central directory.
    static func members(of bytes: ZipBytes) throws(Malformed) -> [ZipMember] {
        let (count, directoryStart, directoryEnd) = try directoryExtent(bytes)
        var records: [(offset: Int, name: String, central: [UInt8])] = []
        records.reserveCapacity(count)
        var position = directoryStart
        for _ in 0..<count {
            guard position + 46 <= directoryEnd, bytes.little(position, 4) == 0x0201_4B50 else {
                throw Malformed(reason: "central directory record \(records.count) is damaged")
            }
            let nameLength = Int(bytes.little(position + 28, 2))
            let extraLength = Int(bytes.little(position + 30, 2))
            let commentLength = Int(bytes.little(position + 32, 2))
            let end = position + 46 + nameLength + extraLength + commentLength
            guard end <= directoryEnd else { throw Malformed(reason: "central directory record \(records.count) overruns") }
            var offset = Int(bytes.little(position + 42, 4))
            var central = Array(bytes.buffer[position..<end])
            if offset == 0xFFFF_FFFF {
                guard bytes.little(position + 20, 4) != 0xFFFF_FFFF, bytes.little(position + 24, 4) != 0xFFFF_FFFF else {
                    throw Malformed(reason: "\(records.count): members over 4 GiB are not reused")
                }
                offset = try zip64Offset(central, nameLength: nameLength, extraLength: extraLength)
                central = withoutZip64Offset(central, nameLength: nameLength, extraLength: extraLength)
            }
            for index in 42..<46 { central[index] = 0 }
            let name = String(decoding: bytes.buffer[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            records.append((offset, name, central))
            position = end
        }
        records.sort { $0.offset < $1.offset }
        var members: [ZipMember] = []
        members.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            let end = index + 1 < records.count ? records[index + 1].offset : directoryStart
            guard record.offset + 30 <= end, bytes.little(record.offset, 4) == 0x0403_4B50 else {
                throw Malformed(reason: "local header of \(record.name) is damaged")
            }
            members.append(ZipMember(name: record.name, source: bytes, local: record.offset..<end, central: record.central))
        }
        return members
    }

    /// The number of entries and where the central directory lies.
    private static func directoryExtent(_ bytes: ZipBytes) throws(Malformed) -> (Int, Int, Int) {
        // Our archives have no comment, so the end record is the last 22 bytes.
        let end = bytes.count - 22
        guard end >= 0, bytes.little(end, 4) == 0x0605_4B50 else { throw Malformed(reason: "no end of central directory") }
        var count = Int(bytes.little(end + 10, 2))
        var size = Int(bytes.little(end + 12, 4))
        var start = Int(bytes.little(end + 16, 4))
        if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
            let locator = end - 20
            guard locator >= 0, bytes.little(locator, 4) == 0x0706_4B50 else { throw Malformed(reason: "no zip64 locator") }
            let record = Int(bytes.little(locator + 8, 8))
            guard record >= 0, record + 56 <= locator, bytes.little(record, 4) == 0x0606_4B50 else {
                throw Malformed(reason: "no zip64 end of central directory")
            }
            count = Int(bytes.little(record + 32, 8))
            size = Int(bytes.little(record + 40, 8))
            start = Int(bytes.little(record + 48, 8))
        }
        guard start >= 0, size >= 0, start + size <= end, count >= 0, count <= size / 46 else {
            throw Malformed(reason: "central directory out of bounds")
        }
        return (count, start, start + size)
    }

    /// The local-header offset from a record's zip64 extra field (0x0001). Its fields
    /// appear only for the 32-bit values that overflowed, in a fixed order.
    private static func zip64Offset(_ central: [UInt8], nameLength: Int, extraLength: Int) throws(Malformed) -> Int {
        var position = 46 + nameLength
        let end = position + extraLength
        while position + 4 <= end {
            let id = Int(central[position]) | Int(central[position + 1]) << 8
            let size = Int(central[position + 2]) | Int(central[position + 3]) << 8
            if id == 0x0001 {
                var field = position + 4
                for sizeField in [24, 20] where central[sizeField..<sizeField + 4].allSatisfy({ $0 == 0xFF }) { field += 8 }
                guard field + 8 <= position + 4 + size else { break }
                return (0..<8).reduce(0) { $0 | Int(central[field + $1]) << (8 * $1) }
            }
            position += 4 + size
        }
        throw Malformed(reason: "zip64 offset missing")
    }

    /// The record without the zip64 field this module adds for offsets past 4 GiB
    /// (members are small, so only the offset ever needs it).
    private static func withoutZip64Offset(_ central: [UInt8], nameLength: Int, extraLength: Int) -> [UInt8] {
        var extra: [UInt8] = []
        var position = 46 + nameLength
        let end = position + extraLength
        while position + 4 <= end {
            let size = Int(central[position + 2]) | Int(central[position + 3]) << 8
            let fieldEnd = min(position + 4 + size, end)
            if !(central[position] == 1 && central[position + 1] == 0) { extra += central[position..<fieldEnd] }
            position = fieldEnd
        }
        var record = Array(central[0..<(46 + nameLength)]) + extra + central[end...]
        record[30] = UInt8(extra.count & 0xFF)
        record[31] = UInt8(extra.count >> 8)
        return record
    }
}

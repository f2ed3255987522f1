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
            guard position + ZipCentralRecord.fixedLength <= directoryEnd, bytes.buffer.littleEndian(at: position, width: 4) == 0x0201_4B50 else {
                throw Malformed(reason: "central directory record \(records.count) is damaged")
            }
            let nameLength = bytes.buffer.littleEndian(at: position + 28, width: 2)
            let extraLength = bytes.buffer.littleEndian(at: position + 30, width: 2)
            let commentLength = bytes.buffer.littleEndian(at: position + 32, width: 2)
            let end = position + ZipCentralRecord.fixedLength + nameLength + extraLength + commentLength
            guard end <= directoryEnd else { throw Malformed(reason: "central directory record \(records.count) overruns") }
            var offset = bytes.buffer.littleEndian(at: position + 42, width: 4)
            var central = Array(bytes.buffer[position..<end])
            if offset == 0xFFFF_FFFF {
                // Only the offset ever overflows in our archives: members are small.
                guard bytes.buffer.littleEndian(at: position + 20, width: 4) != 0xFFFF_FFFF,
                      bytes.buffer.littleEndian(at: position + 24, width: 4) != 0xFFFF_FFFF else {
                    throw Malformed(reason: "\(records.count): members over 4 GiB are not reused")
                }
                let fields = ZipCentralRecord.extraFields(central)
                guard let zip64 = fields.first(where: { $0.id == 0x0001 }), zip64.data.count >= 8 else {
                    throw Malformed(reason: "zip64 offset missing")
                }
                offset = central.littleEndian(at: zip64.data.lowerBound, width: 8)
                central = withoutZip64Field(central, fields: fields)
            }
            for index in 42..<46 { central[index] = 0 }
            let name = String(decoding: bytes.buffer[(position + ZipCentralRecord.fixedLength)..<(position + ZipCentralRecord.fixedLength + nameLength)], as: UTF8.self)
            records.append((offset, name, central))
            position = end
        }
        records.sort { $0.offset < $1.offset }
        var members: [ZipMember] = []
        members.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            let end = index + 1 < records.count ? records[index + 1].offset : directoryStart
            guard record.offset + 30 <= end, bytes.buffer.littleEndian(at: record.offset, width: 4) == 0x0403_4B50 else {
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
        guard end >= 0, bytes.buffer.littleEndian(at: end, width: 4) == 0x0605_4B50 else { throw Malformed(reason: "no end of central directory") }
        var count = bytes.buffer.littleEndian(at: end + 10, width: 2)
        var size = bytes.buffer.littleEndian(at: end + 12, width: 4)
        var start = bytes.buffer.littleEndian(at: end + 16, width: 4)
        if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
            let locator = end - 20
            guard locator >= 0, bytes.buffer.littleEndian(at: locator, width: 4) == 0x0706_4B50 else { throw Malformed(reason: "no zip64 locator") }
            let record = bytes.buffer.littleEndian(at: locator + 8, width: 8)
            guard record >= 0, record + 56 <= locator, bytes.buffer.littleEndian(at: record, width: 4) == 0x0606_4B50 else {
                throw Malformed(reason: "no zip64 end of central directory")
            }
            count = bytes.buffer.littleEndian(at: record + 32, width: 8)
            size = bytes.buffer.littleEndian(at: record + 40, width: 8)
            start = bytes.buffer.littleEndian(at: record + 48, width: 8)
        }
        guard start >= 0, size >= 0, start + size <= end, count >= 0, count <= size / ZipCentralRecord.fixedLength else {
            throw Malformed(reason: "central directory out of bounds")
        }
        return (count, start, start + size)
    }

    /// The record without its zip64 field (0x0001), which the assembler writes afresh
    /// when the new offset needs one.
    private static func withoutZip64Field(_ central: [UInt8], fields: [(id: Int, data: Range<Int>)]) -> [UInt8] {
        let extraStart = ZipCentralRecord.fixedLength + ZipCentralRecord.nameLength(central)
        let extraEnd = extraStart + ZipCentralRecord.extraLength(central)
        var extra: [UInt8] = []
        for field in fields where field.id != 0x0001 { extra += central[(field.data.lowerBound - 4)..<field.data.upperBound] }
        var record = Array(central[..<extraStart]) + extra + central[extraEnd...]
        record.replaceLittleEndian(at: 30, UInt64(extra.count), width: 2)
        return record
    }
}

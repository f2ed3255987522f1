/// One file's record in a zip archive, as libarchive wrote it: the local header, the
/// data and the data descriptor (position-independent bytes, copied as they are), and the
/// central directory record, whose local-header offset the assembler fills in.
struct ZipMember: Sendable {
    let name: String
    let source: ZipBytes
    /// The local header, data and descriptor within `source`.
    let local: Range<Int>
    /// The central directory record with its offset zeroed and no zip64 offset field.
    let central: [UInt8]

    /// The compression method (0 stored, 8 deflated).
    var method: Int { central.littleEndian(at: 10, width: 2) }

    /// The modification time from the record's extended-timestamp field, if it has one.
    var modified: Int? {
        // 0x5455: flags (bit 0: a modification time follows), then 32-bit Unix seconds.
        guard let field = ZipCentralRecord.extraFields(central).first(where: { $0.id == 0x5455 }),
              field.data.count >= 5, central[field.data.lowerBound] & 1 != 0 else { return nil }
        let seconds = UInt32(truncatingIfNeeded: central.littleEndian(at: field.data.lowerBound + 1, width: 4))
        return Int(Int32(bitPattern: seconds))
    }
}

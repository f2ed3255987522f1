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
    var method: UInt16 { UInt16(central[10]) | UInt16(central[11]) << 8 }

    /// The modification time from the record's extended-timestamp field, if it has one.
    var modified: Int? {
        let nameLength = Int(central[28]) | Int(central[29]) << 8
        let extraLength = Int(central[30]) | Int(central[31]) << 8
        var position = 46 + nameLength
        let end = min(position + extraLength, central.count)
        while position + 4 <= end {
            let id = Int(central[position]) | Int(central[position + 1]) << 8
            let size = Int(central[position + 2]) | Int(central[position + 3]) << 8
            // 0x5455: flags, then the modification time as 32-bit Unix seconds.
            if id == 0x5455, size >= 5, position + 9 <= end, central[position + 4] & 1 != 0 {
                let seconds = (0..<4).reduce(UInt32(0)) { $0 | UInt32(central[position + 5 + $1]) << UInt32(8 * $1) }
                return Int(Int32(bitPattern: seconds))
            }
            position += 4 + size
        }
        return nil
    }
}

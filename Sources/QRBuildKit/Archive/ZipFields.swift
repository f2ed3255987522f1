/// Little-endian integers and extra fields in zip records, read and written the one way
/// for the reader (`ZipDirectory`, `ZipMember`) and the writer (`ZipAssembler`).
extension RandomAccessCollection where Element == UInt8, Index == Int {
    /// The little-endian integer of `width` bytes at `offset` (the caller checks bounds).
    @inline(__always)
    func littleEndian(at offset: Int, width: Int) -> Int {
        var value = 0
        for index in 0..<width { value |= Int(self[offset + index]) << (8 * index) }
        return value
    }
}

extension [UInt8] {
    mutating func appendLittleEndian(_ value: UInt64, width: Int) {
        for index in 0..<width { append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) }
    }

    mutating func replaceLittleEndian(at position: Int, _ value: UInt64, width: Int) {
        for index in 0..<width { self[position + index] = UInt8(truncatingIfNeeded: value >> UInt64(8 * index)) }
    }
}

/// The fixed layout of a central directory record (APPNOTE 4.3.12).
enum ZipCentralRecord {
    static let fixedLength = 46

    static func nameLength(_ record: [UInt8]) -> Int { record.littleEndian(at: 28, width: 2) }

    static func extraLength(_ record: [UInt8]) -> Int { record.littleEndian(at: 30, width: 2) }

    /// The record's extra fields in order: each one's id and where its data lies in `record`,
    /// cut short at the end of the extra area.
    static func extraFields(_ record: [UInt8]) -> [(id: Int, data: Range<Int>)] {
        var fields: [(id: Int, data: Range<Int>)] = []
        var position = fixedLength + nameLength(record)
        let end = min(position + extraLength(record), record.count)
        while position + 4 <= end {
            let size = record.littleEndian(at: position + 2, width: 2)
            let dataEnd = min(position + 4 + size, end)
            fields.append((record.littleEndian(at: position, width: 2), (position + 4)..<dataEnd))
            position = dataEnd
        }
        return fields
    }
}

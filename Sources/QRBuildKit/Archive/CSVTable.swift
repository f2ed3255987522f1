/// CSV (RFC 4180) that spreadsheets open safely.
public enum CSVTable {
    /// Rows joined with CRLF; cells quoted when needed. A cell a spreadsheet would run
    /// as a formula (starting `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`.
    public static func text(header: [String], rows: [[String]]) -> String {
        var bytes = line(header)
        for row in rows { bytes += line(row) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One row as UTF-8 bytes, CRLF included: rows made once can go into several tables.
    ///
    /// Complexity: O(n) in the length of the cells.
    static func line(_ cells: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cells.reduce(2) { $0 + $1.utf8.count + 1 })
        for (position, cell) in cells.enumerated() {
            if position > 0 { bytes.append(0x2C) }
            append(cell, to: &bytes)
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
        return bytes
    }

    private static func append(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { utf8 in
            let guarded = utf8.first.map { $0 == 0x3D || $0 == 0x2B || $0 == 0x2D || $0 == 0x40 || $0 == 0x09 || $0 == 0x0D } ?? false
            // A cell that starts with U+FEFF is quoted too: readers take those bytes at the
            // start of a file for a byte order mark and drop them (found by FuzzCSV).
            let quoted = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
                || (utf8.count >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
            if quoted { bytes.append(0x22) }
            if guarded { bytes.append(0x27) }
            guard quoted else {
                // No quote inside either (a quote makes the cell quoted): the bytes as they are.
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                bytes.append(byte)
                if byte == 0x22 { bytes.append(0x22) }
            }
            bytes.append(0x22)
        }
    }
}

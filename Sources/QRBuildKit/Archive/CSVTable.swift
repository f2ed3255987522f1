import Foundation
/// CSV (RFC 4180) that spreadsheets open safely.
enum CSVTable {
    /// Rows joined with CRLF; cells quoted when needed. A cell a spreadsheet would run
    /// as a formula (starting `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`.
    static func text(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    private static func cell(_ value: String) -> String {
        var text = value
        if let first = text.utf8.first, "=+-@\t\r".utf8.contains(first) { text = "'" + text }
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

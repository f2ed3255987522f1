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
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Reads CSV (RFC 4180): quoted cells, doubled quotes, CRLF or LF line ends.
public enum CSVReader {
    public struct SyntaxError: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The rows of `text`, each with the line it starts on.
    public static func rows(_ text: String) throws(SyntaxError) -> [(line: Int, cells: [String])] {
        var rows: [(Int, [String])] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var line = 1
        var rowLine = 1
        var characters = Array(text.unicodeScalars)[...]
        if characters.first == "\u{FEFF}" { characters = characters.dropFirst() }
        var index = characters.startIndex
        while index < characters.endIndex {
            let scalar = characters[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < characters.endIndex, characters[index] == "\"" {
                        cell.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    cell.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard cell.isEmpty else { throw SyntaxError(line: line, message: "a quote in the middle of an unquoted cell") }
                quoted = true
            case ",":
                cells.append(cell)
                cell = ""
            case "\r":
                continue
            case "\n":
                cells.append(cell)
                rows.append((rowLine, cells))
                cells = []
                cell = ""
                line += 1
                rowLine = line
            default:
                cell.unicodeScalars.append(scalar)
            }
        }
        guard !quoted else { throw SyntaxError(line: rowLine, message: "a quoted cell is not closed") }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            rows.append((rowLine, cells))
        }
        return rows.filter { !($0.1.count == 1 && $0.1[0].isEmpty) }
    }
}

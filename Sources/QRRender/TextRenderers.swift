import QRCore

/// Renders a symbol for a terminal with Unicode half blocks, two module rows per line.
///
/// Colours are set explicitly (black modules on a white field, from the 256-colour
/// palette) so a phone camera reads the code on dark and light terminal themes alike.
public struct TerminalRenderer: Sendable {
    public var margin: Int
    /// Write the ANSI colour codes; without them the terminal's own colours apply.
    public var ansiColors: Bool

    public init(margin: Int = 4, ansiColors: Bool = true) {
        self.margin = margin
        self.ansiColors = ansiColors
    }

    public func render(_ code: QRCode) -> String {
        let first = -margin
        let last = code.size + margin
        var out = ""
        var y = first
        while y < last {
            if ansiColors { out += "\u{1B}[38;5;16;48;5;231m" }
            for x in first..<last {
                let top = code[x, y]
                let bottom = y + 1 < last && code[x, y + 1]
                out += top ? (bottom ? "█" : "▀") : (bottom ? "▄" : " ")
            }
            if ansiColors { out += "\u{1B}[0m" }
            out += "\n"
            y += 2
        }
        return out
    }
}

/// Renders a symbol as text: one line per module row, `1` dark and `0` light, no quiet zone.
public enum MatrixTextRenderer {
    public static func render(_ code: QRCode) -> String {
        var out = ByteWriter(capacity: (code.size + 1) * code.size)
        for y in 0..<code.size {
            for x in 0..<code.size { out.append(code[x, y] ? "1" : "0") }
            out.append("\n")
        }
        return out.string
    }
}

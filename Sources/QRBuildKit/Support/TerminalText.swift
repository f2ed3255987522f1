/// Text from a manifest, a log or an option as it may be shown on a terminal: every
/// character that could move the cursor, start an escape sequence, break the line or
/// reorder what is shown is written as a visible `\u{…}` instead. A name such as
/// `"x\u001b]0;PWNED\u0007\r\nqrbuild: ok"` would otherwise retitle the terminal and
/// forge output lines in `qrbuild validate`.
public enum TerminalText {
    /// `text` with control characters (C0, DEL, C1), line and paragraph separators and
    /// bidirectional overrides escaped; everything else as it is.
    ///
    /// Complexity: O(n).
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true  // bidirectional controls
        default: false
        }
    }
}

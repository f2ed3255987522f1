/// International phone numbers as people write them, read into E.164 (`+` and digits).
///
/// People write `+44 (0)20 7123 4567`: the parenthesised 0 is the national trunk prefix,
/// dialled inside the country and never after the country code (ITU-T E.123), so it is
/// dropped. A parenthesised group that starts with 0 anywhere else is refused: whether
/// that 0 is a trunk prefix or part of the number (as in Italy, `+39 06 …`) cannot be
/// told from the text, and a wrong guess prints a number that does not exist.
enum PhoneNumber {
    /// What is wrong with a number, to be shown after it.
    struct Problem: Error {
        let message: String

        /// The number is not in international form at all (rather than unclear in one place).
        static let notInternational = Problem(message: "is not an international number: write it in E.164 form, e.g. +14155550123")
    }

    /// Characters people put between digits; parentheses are read on their own.
    static func isSeparator(_ character: Character) -> Bool {
        " -./\u{A0}".contains(character)
    }

    /// `number` without separators and parentheses (for short codes such as `12345`).
    static func strip(_ number: String) -> String {
        String(number.filter { !isSeparator($0) && $0 != "(" && $0 != ")" })
    }

    /// `number` in E.164 form: `+`, a country code and 7 to 15 digits in all, no leading
    /// zero, with a trunk prefix `(0)` after the country code dropped.
    ///
    /// Complexity: O(n) in the length of `number`.
    static func e164(_ number: String) throws(Problem) -> String {
        let written = try Written(number)
        guard written.isInternational else { throw .notInternational }
        var digits = written.digits
        let countryCodeLength = Self.countryCodeLength(of: digits)
        for group in written.groups.reversed() where digits[group].first == "0" {
            let groupText = String(digits[group])
            guard groupText == "0", group.lowerBound == countryCodeLength else {
                let withZero = "+" + String(digits)
                var withoutZero = digits
                withoutZero.remove(at: group.lowerBound)
                throw Problem(message: group.lowerBound == countryCodeLength
                    ? "is ambiguous: the 0 in \"(\(groupText))\" may be a national trunk prefix (dropped after the country code) or part of the number (as in Italy); write the number without parentheses, e.g. \(withZero) if the 0 is dialled after +\(String(digits.prefix(countryCodeLength))), otherwise +\(String(withoutZero))"
                    : "is ambiguous: \"(\(groupText))\" stands inside the number, not right after the country code +\(String(digits.prefix(countryCodeLength))), so it cannot be read as a trunk prefix; write the number without parentheses in E.164 form, e.g. +14155550123")
            }
            digits.remove(at: group.lowerBound)
        }
        guard (7...15).contains(digits.count), digits.first != "0" else { throw .notInternational }
        return "+" + String(digits)
    }

    /// How many of the leading `digits` are the country code. Country codes are
    /// prefix-free (ITU-T E.164): 1 and 7 stand alone, the two-digit codes are listed, and
    /// every other code has three digits.
    static func countryCodeLength(of digits: [Character]) -> Int {
        guard let first = digits.first else { return 0 }
        if first == "1" || first == "7" { return 1 }
        guard digits.count >= 2 else { return digits.count }
        return twoDigitCountryCodes.contains(String(digits.prefix(2))) ? 2 : min(3, digits.count)
    }

    /// Every two-digit country code E.164 assigns.
    static let twoDigitCountryCodes: Set<String> = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ]

    /// A number as written: its digits, whether it starts with `+`, and where the
    /// parenthesised groups stand among the digits.
    private struct Written {
        var digits: [Character] = []
        var isInternational = false
        var groups: [Range<Int>] = []

        init(_ number: String) throws(Problem) {
            var groupStart: Int?
            for character in number {
                switch character {
                case "+" where digits.isEmpty && !isInternational:
                    isInternational = true
                case "(":
                    guard groupStart == nil else { throw Problem(message: "has a parenthesis inside another") }
                    groupStart = digits.count
                case ")":
                    guard let start = groupStart else { throw Problem(message: "has a \")\" without its \"(\"") }
                    groups.append(start..<digits.count)
                    groupStart = nil
                case _ where character.isASCII && character.isNumber:
                    digits.append(character)
                default:
                    guard PhoneNumber.isSeparator(character) else { throw .notInternational }
                }
            }
            guard groupStart == nil else { throw Problem(message: "has a \"(\" without its \")\"") }
        }
    }
}

extension FieldReader {
    /// `number` in E.164 form (see `PhoneNumber.e164`), or `nil` with an error; `alternative`
    /// names another accepted form when the number is not international at all.
    mutating func e164(_ number: String, path: String, alternative: String = "") -> String? {
        do {
            return try PhoneNumber.e164(number)
        } catch {
            let other = error.message == PhoneNumber.Problem.notInternational.message ? alternative : ""
            fail(path, "\"\(number)\" \(error.message)\(other)")
            return nil
        }
    }
}

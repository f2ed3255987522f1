/// Regular expressions that compare times on nginx alone: `$msec` (seconds since 1970
/// with milliseconds, e.g. `1709251200.123`) matches the pattern for a boundary exactly
/// when it is at or after that second. Nothing but the `map` module and PCRE is needed,
/// nothing is reloaded when the second comes, and no time zone is involved.
enum EpochPattern {
    /// The pattern (anchored, no backslashes: nginx keeps them, but none is needed) for
    /// "at least `seconds`"; `seconds` ≥ 1.
    ///
    /// Numbers of more digits are larger; of as many digits, larger when at the first digit
    /// that differs theirs is larger. One alternative per digit, plus the number itself.
    ///
    /// Complexity: O(d²) for a number of d digits.
    static func atLeast(_ seconds: Int) -> String {
        let digits = Array(String(max(1, seconds)).utf8).map { Int($0 - 0x30) }
        var alternatives = ["[1-9][0-9]{\(digits.count),}"]
        for index in digits.indices where digits[index] < 9 {
            let prefix = digits[..<index].map { String($0) }.joined()
            let next = digits[index] + 1
            let range = next == 9 ? "9" : "[\(next)-9]"
            let rest = digits.count - index - 1
            alternatives.append(prefix + range + (rest > 0 ? "[0-9]{\(rest)}" : ""))
        }
        alternatives.append(digits.map { String($0) }.joined())
        return "^(?:" + alternatives.joined(separator: "|") + ")[.]"
    }
}

/// "Did you mean …?" for misspelt names: the closest known name by edit distance.
public enum NameSuggestion {
    /// The name in `candidates` closest to `name`, ignoring case, when it is close enough
    /// to be a likely typo (at most a third of the letters differ).
    ///
    /// - Complexity: O(*n* · *m*) per candidate.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int, rank: Int)?
        for candidate in candidates {
            let letters = Array(candidate.lowercased())
            let distance = editDistance(target, letters)
            // On a tie, the same letters in another order (a swap, the commonest typo) win.
            let rank = distance * 2 - (letters.sorted() == target.sorted() ? 1 : 0)
            if rank < (best?.rank ?? .max) { best = (candidate, distance, rank) }
        }
        guard let best, best.distance <= max(1, target.count / 3) else { return nil }
        return best.name
    }

    /// ` (did you mean "x"?)`, or nothing.
    public static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }

    /// `hint`, or where nothing is close and there are few candidates (an object's keys),
    /// ` (expected one of: a, b, c)`.
    public static func keyHint(for name: String, among candidates: some Sequence<String>) -> String {
        let close = hint(for: name, among: candidates)
        let all = Array(candidates)
        return close.isEmpty && (1...8).contains(all.count) ? " (expected one of: \(all.joined(separator: ", ")))" : close
    }

    /// Levenshtein distance, counting a swap of two neighbours as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

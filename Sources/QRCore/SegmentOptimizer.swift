/// Splits input into the mix of modes that gives the shortest bit stream.
///
/// A dynamic program over the input's characters. Its states are the mode of the
/// segment that holds the current character and, for numeric and alphanumeric,
/// how full that mode's current group is (numeric packs 3 digits in 10 bits,
/// alphanumeric 2 characters in 11), so every cost is an exact bit count,
/// never an average. Headers cost `4 + count field` bits at the given version.
struct SegmentOptimizer {
    /// One input character: a Unicode scalar of a text, or a byte of binary data.
    struct Unit {
        /// The bytes this unit takes in byte mode.
        var byteLength: Int
        /// Whether byte mode may carry this unit.
        var byteAllowed = true
        var isDigit: Bool
        var isAlphanumeric: Bool
        var kanjiValue: Int?
    }

    /// DP states: the mode of the segment holding the current unit and its group fill.
    private enum State: Int, CaseIterable {
        case byte, kanji, numeric1, numeric2, numeric0, alphanumeric1, alphanumeric0

        var mode: SegmentMode {
            switch self {
            case .byte: .byte
            case .kanji: .kanji
            case .numeric1, .numeric2, .numeric0: .numeric
            case .alphanumeric1, .alphanumeric0: .alphanumeric
            }
        }
    }

    private static let stateCount = State.allCases.count

    /// The mode of each unit in a shortest encoding at `version`'s count-field widths,
    /// or `nil` when some unit has no allowed mode.
    ///
    /// - Complexity: O(*n*) time and memory in the number of units.
    static func modes(for units: [Unit], version: QRVersion) -> [SegmentMode]? {
        guard !units.isEmpty else { return [] }
        let header: (SegmentMode) -> Int = { 4 + version.characterCountBits(for: $0) }
        let infinity = Int.max / 4
        let states = stateCount
        var cost = [Int](repeating: infinity, count: states)
        var predecessor = [Int8](repeating: -1, count: units.count * states)

        // Two rows of the table, swapped and reset per unit rather than allocated: a
        // small allocation per character was a tenth of encoding a URL (measured).
        var next = [Int](repeating: infinity, count: states)
        var from = [Int8](repeating: -1, count: states)
        for (index, unit) in units.enumerated() {
            for state in 0..<states {
                next[state] = infinity
                from[state] = -1
            }
            // The cheapest way to have ended the previous unit in any mode other than `mode`,
            // which is where a new segment of `mode` starts from.
            func bestOutside(_ mode: SegmentMode) -> (cost: Int, state: Int8) {
                if index == 0 { return (0, -1) }
                var best = (cost: infinity, state: Int8(-1))
                for state in State.allCases where state.mode != mode && cost[state.rawValue] < best.cost {
                    best = (cost[state.rawValue], Int8(state.rawValue))
                }
                return best
            }
            func relax(_ target: State, _ value: Int, _ source: Int8) {
                if value < next[target.rawValue] {
                    next[target.rawValue] = value
                    from[target.rawValue] = source
                }
            }
            func extend(_ source: State, into target: State, adding bits: Int) {
                guard index > 0, cost[source.rawValue] < infinity else { return }
                relax(target, cost[source.rawValue] + bits, Int8(source.rawValue))
            }

            if unit.byteAllowed {
                let byteBits = unit.byteLength * 8
                extend(.byte, into: .byte, adding: byteBits)
                let startByte = bestOutside(.byte)
                relax(.byte, startByte.cost + header(.byte) + byteBits, startByte.state)
            }

            if unit.kanjiValue != nil {
                extend(.kanji, into: .kanji, adding: 13)
                let start = bestOutside(.kanji)
                relax(.kanji, start.cost + header(.kanji) + 13, start.state)
            }
            if unit.isDigit {
                // A group of three digits is 10 bits: 4 for the first, 3 for each of the next two.
                extend(.numeric0, into: .numeric1, adding: 4)
                extend(.numeric1, into: .numeric2, adding: 3)
                extend(.numeric2, into: .numeric0, adding: 3)
                let start = bestOutside(.numeric)
                relax(.numeric1, start.cost + header(.numeric) + 4, start.state)
            }
            if unit.isAlphanumeric {
                // A pair is 11 bits: 6 for the first character, 5 for the second.
                extend(.alphanumeric0, into: .alphanumeric1, adding: 6)
                extend(.alphanumeric1, into: .alphanumeric0, adding: 5)
                let start = bestOutside(.alphanumeric)
                relax(.alphanumeric1, start.cost + header(.alphanumeric) + 6, start.state)
            }
            guard next.contains(where: { $0 < infinity }) else { return nil }
            swap(&cost, &next)
            for state in 0..<states { predecessor[index * states + state] = from[state] }
        }

        var state = 0
        for candidate in 1..<states where cost[candidate] < cost[state] { state = candidate }
        var modes = [SegmentMode](repeating: .byte, count: units.count)
        for index in stride(from: units.count - 1, through: 0, by: -1) {
            modes[index] = State.allCases[state].mode
            state = Int(predecessor[index * states + state])
        }
        return modes
    }
}

/// Whether a logo may cover the middle of a symbol: the rule qrbuild draws logos by. For
/// each Reed–Solomon block, the codewords with at least one module under the footprint
/// must be at most half of what the block can correct
/// (`CodewordMap.codewordsEachBlockMayLose`), and the footprint may cover no function
/// pattern. A flat area percentage, as other tools use, ignores that the modules of one
/// block cluster, and that alignment patterns sit in the middle of larger symbols.
public struct LogoBudget: Sendable {
    /// What a footprint takes from a symbol.
    public struct Assessment: Sendable {
        /// Per block: the codewords with a module under the footprint.
        public let codewordsLostPerBlock: [Int]
        /// What each block may lose.
        public let allowedPerBlock: Int
        /// Whether the footprint covers any function-pattern module.
        public let coversFunctionPatterns: Bool
        /// The modules the footprint clears, as (x, y).
        public let clearedModules: [(x: Int, y: Int)]

        public var passes: Bool {
            !coversFunctionPatterns && codewordsLostPerBlock.allSatisfy { $0 <= allowedPerBlock }
        }

        /// The block that loses the most, and how many codewords.
        public var worstBlock: (block: Int, lost: Int) {
            codewordsLostPerBlock.enumerated().max { $0.element < $1.element }.map { ($0.offset, $0.element) } ?? (0, 0)
        }
    }

    public let map: CodewordMap

    public init(version: QRVersion, level: ErrorCorrectionLevel) {
        map = CodewordMap(version: version, level: level)
    }

    /// What `footprint` takes from the symbol.
    ///
    /// Complexity: O(size²).
    public func assess(_ footprint: LogoFootprint) -> Assessment {
        var touched = Set<Int>()
        var coversFunction = false
        var cleared: [(x: Int, y: Int)] = []
        for y in 0..<map.size {
            for x in 0..<map.size where footprint.covers(x: x, y: y, size: map.size) {
                cleared.append((x, y))
                switch map.content(x: x, y: y) {
                case .function: coversFunction = true
                case .remainder: break
                case .codeword(let index): touched.insert(index)
                }
            }
        }
        var lost = [Int](repeating: 0, count: map.blockCount)
        for codeword in touched { lost[map.block(ofCodeword: codeword)] += 1 }
        return Assessment(codewordsLostPerBlock: lost, allowedPerBlock: map.codewordsEachBlockMayLose,
                          coversFunctionPatterns: coversFunction, clearedModules: cleared)
    }

    /// The widest footprint of `shape` that passes, in steps of a quarter module; 0 if
    /// none does (a symbol too small, or a level too low, for any logo).
    ///
    /// Complexity: O(size³) at most: one assessment per step.
    public func largestFootprint(_ shape: LogoFootprint.Shape) -> Double {
        var best = 0.0
        var width = 0.25
        while width <= Double(map.size) {
            let footprint = LogoFootprint(shape: shape, width: width)
            guard assess(footprint).passes else { break }
            best = width
            width += 0.25
        }
        return best
    }
}

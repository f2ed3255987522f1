@testable import QRCore
import Testing

@Suite struct LogoBudgetTests {
    /// Every codeword has its eight modules; the rest are function patterns or remainder bits.
    @Test(arguments: [1, 2, 5, 7, 14, 21, 25, 40])
    func everyCodewordHasEightModules(version number: Int) throws {
        let version = try #require(QRVersion(number))
        let map = CodewordMap(version: version, level: .medium)
        var modules = [Int](repeating: 0, count: version.codewordCount)
        var remainder = 0
        for y in 0..<map.size {
            for x in 0..<map.size {
                switch map.content(x: x, y: y) {
                case .codeword(let index): modules[index] += 1
                case .remainder: remainder += 1
                case .function: break
                }
            }
        }
        #expect(modules.allSatisfy { $0 == 8 })
        // ISO/IEC 18004 table 1: remainder bits by version.
        let expected = switch number { case 2...6: 7; case 14...20, 28...34: 3; case 21...27: 4; default: 0 }
        #expect(remainder == expected)
    }

    @Test func blocksHoldTheirCodewords() throws {
        // 5-Q: two blocks of 15 and two of 16 data codewords, 18 ECC each (table 9).
        let map = CodewordMap(version: try #require(QRVersion(5)), level: .quartile)
        var perBlock = [Int](repeating: 0, count: map.blockCount)
        for index in 0..<134 { perBlock[map.block(ofCodeword: index)] += 1 }
        #expect(perBlock == [15 + 18, 15 + 18, 16 + 18, 16 + 18])
        // Codewords 0-59 are dealt in turn; 60 and 61 are the long blocks' last; 62 is ECC again from block 0.
        #expect(map.block(ofCodeword: 59) == 3 && map.block(ofCodeword: 60) == 2 && map.block(ofCodeword: 61) == 3)
        #expect(map.block(ofCodeword: 62) == 0 && map.block(ofCodeword: 63) == 1)
    }

    @Test func whatEachBlockMayLose() throws {
        // Half of ⌊(ecc − p) / 2⌋: 1-H 17 ECC, p = 1; 1-L 7, p = 3; 5-H 22; 7-Q 18; 25-M 28.
        let cases: [(Int, ErrorCorrectionLevel, Int)] = [(1, .high, 4), (1, .low, 1), (1, .medium, 2), (3, .low, 3),
                                                          (5, .high, 5), (7, .quartile, 4), (25, .medium, 7)]
        for (number, level, allowed) in cases {
            #expect(CodewordMap(version: try #require(QRVersion(number)), level: level).codewordsEachBlockMayLose == allowed, "\(number)-\(level)")
        }
    }

    @Test func footprintsCoverWhatTheyTouch() {
        let square = LogoFootprint(shape: .square, width: 1)
        // A one-module square centred on a 21-module symbol straddles the four middle modules.
        let covered = (0..<21).flatMap { y in (0..<21).filter { x in square.covers(x: x, y: y, size: 21) }.map { ($0, y) } }
        #expect(covered.map { "\($0.0),\($0.1)" } == ["10,10"])
        let circle = LogoFootprint(shape: .circle, width: 5)
        #expect(circle.covers(x: 10, y: 8, size: 21) && circle.covers(x: 8, y: 8, size: 21) && !circle.covers(x: 7, y: 7, size: 21))
    }

    @Test func theBudgetFollowsBlocksAndFunctionPatterns() throws {
        let oneH = LogoBudget(version: try #require(QRVersion(1)), level: .high)
        let largest = oneH.largestFootprint(.square)
        #expect(largest > 0)
        #expect(oneH.assess(LogoFootprint(shape: .square, width: largest)).passes)
        let tooBig = oneH.assess(LogoFootprint(shape: .square, width: largest + 0.25))
        #expect(!tooBig.passes && tooBig.worstBlock.lost > 4)
        // From version 7 an alignment pattern sits in the middle: no centred logo fits.
        let sevenQ = LogoBudget(version: try #require(QRVersion(7)), level: .quartile)
        #expect(sevenQ.assess(LogoFootprint(shape: .square, width: 1)).coversFunctionPatterns)
        #expect(sevenQ.largestFootprint(.circle) == 0)
        // Version 5 has its one alignment pattern in a corner: H leaves room.
        let fiveH = LogoBudget(version: try #require(QRVersion(5)), level: .high)
        let square = fiveH.largestFootprint(.square), circle = fiveH.largestFootprint(.circle)
        #expect(square >= 5 && circle >= square)
        let assessment = fiveH.assess(LogoFootprint(shape: .square, width: square))
        #expect(assessment.codewordsLostPerBlock.allSatisfy { $0 <= 5 } && !assessment.coversFunctionPatterns)
        // A lower level leaves less.
        #expect(LogoBudget(version: try #require(QRVersion(5)), level: .low).largestFootprint(.square) < square)
    }
}

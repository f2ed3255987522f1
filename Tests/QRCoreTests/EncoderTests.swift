@testable import QRCore
import Testing

@Suite struct EncoderTests {
    @Test func versionAndMaskAreRangeChecked() {
        #expect(QRVersion(0) == nil)
        #expect(QRVersion(41) == nil)
        #expect(QRVersion(40)?.size == 177)
        #expect(QRMask(8) == nil)
        #expect(QRMask(-1) == nil)
        #expect(QRMask(7)?.number == 7)
    }

    @Test func codewordCountsMatchTheStandard() throws {
        let expected = [1: 26, 2: 44, 3: 70, 7: 196, 14: 581, 21: 1156, 40: 3706]
        for (number, count) in expected {
            #expect(try #require(QRVersion(number)).codewordCount == count)
        }
    }

    @Test func formatAndVersionBitsMatchTheStandardsTables() throws {
        // Annex C: level M (00), mask 0 gives 101010000010010.
        #expect(FormatInformation.bits(level: .medium, mask: QRMask.all[0]) == 0b101010000010010)
        #expect(FormatInformation.bits(level: .low, mask: QRMask.all[7]) == 0b110100101110110)
        #expect(FormatInformation.bits(level: .high, mask: QRMask.all[0]) == 0b001011010001001)
        // Annex D: version 7 is 000111110010010100.
        let template = SymbolTemplate.forVersion(try #require(QRVersion(7)))
        var bits = 0
        for index in 0..<18 where template.base.isDark(x: template.size - 11 + index % 3, y: index / 3) {
            bits |= 1 << index
        }
        #expect(bits == 0x07C94)
    }

    @Test func numericAndAlphanumericPacking() throws {
        // The standard's examples: "01234567" and "AC-42".
        let numeric = try #require(QRSegment.numeric("01234567"))
        #expect(numeric.data.count == 27)
        #expect(numeric.data.bytes == [0b0000_0011, 0b0001_0101, 0b1001_1000, 0b0110_0000])
        let alphanumeric = try #require(QRSegment.alphanumeric("AC-42"))
        #expect(alphanumeric.data.count == 28)
        #expect(QRSegment.numeric("12a") == nil)
        #expect(QRSegment.alphanumeric("abc") == nil)
    }

    @Test func kanjiValuesFollowShiftJIS() throws {
        // The standard's examples: 点 (0x935F) → 0xD9F, 茗 (0xE4AA) → 0x1AAA.
        let segment = try #require(QRSegment.kanji("点茗"))
        #expect(segment.characterCount == 2)
        #expect(segment.data.count == 26)
        #expect(KanjiTable.value(for: "点") == 0xD9F)
        #expect(KanjiTable.value(for: "茗") == 0x1AAA)
        #expect(KanjiTable.value(for: "A") == nil)
        #expect(KanjiTable.value(for: "〜") == nil, "wave dash decodes differently across scanners")
    }

    @Test func optimalSegmentationMixesModes() throws {
        let v1 = try #require(QRVersion(1))
        let segments = QRSegment.optimalSegments(for: "https://example.com/01234567890123456789", version: v1)
        #expect(segments.map(\.mode) == [.byte, .numeric])
        #expect(QRSegment.optimalSegments(for: "HELLO WORLD", version: v1).map(\.mode) == [.alphanumeric])
        #expect(QRSegment.optimalSegments(for: "日本語のテキスト", version: v1).map(\.mode) == [.kanji])
        // A short digit run inside lower-case text is cheaper left in byte mode.
        #expect(QRSegment.optimalSegments(for: "abc12def", version: v1).map(\.mode) == [.byte])
        // Shift JIS reads \ and ~ as ¥ and ‾: beside them, kanji stay UTF-8 behind an ECI.
        #expect(QRSegment.optimalSegments(for: "日本語\\テキスト", version: v1).map(\.mode) == [.eci, .byte])
        #expect(QRSegment.optimalSegments(for: "~日本語のテキスト", version: v1).map(\.mode) == [.eci, .byte])
    }

    @Test func optimalSegmentationIsNeverLongerThanOneByteSegment() throws {
        var generator = SplitMix64(state: 7)
        let alphabet = Array("0123456789ABCXYZ abcxyz:/.-日本é€😀")
        for _ in 0..<300 {
            let length = Int(generator.next() % 60)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            for number in [1, 10, 27] {
                let version = try #require(QRVersion(number))
                let segments = QRSegment.optimalSegments(for: text, version: version, eciPolicy: .never)
                let optimal = try #require(QRSegment.totalBits(segments, at: version))
                let plain = try #require(QRSegment.totalBits([.bytes(Array(text.utf8))], at: version))
                #expect(optimal <= plain, "\(text)")
            }
        }
    }

    @Test func byteModeShortcutAgreesWithTheDynamicProgram() throws {
        var generator = SplitMix64(state: 11)
        // Digits and alphanumeric symbols as common as letters, so runs near the shortcut's limits are common.
        let alphabet: [UInt8] = Array("0123456789ABZ $%*+-./:abcdefghz\u{7F}".utf8)
        var shortcutTaken = 0
        var programOnly = 0
        var samples: [[UInt8]] = (0..<3_000).map { _ in
            (0..<Int(generator.next() % 40)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        }
        // Each side of every limit: digit runs of 2 and 3, alphanumeric runs of 5 and 6,
        // at the start, the end and the middle; an all-alphanumeric text; binary bytes;
        // and a run longer than a byte segment's count field holds at versions 1–9.
        samples += ["a12b", "a123b", "12ab", "123ab", "ab12", "ab123", "a:/.Xb", "a:/.XYb", "HELLO", "x/12/3y",
                    "https://qr.example.com/r/k3x9pq7m", "https://qr.example.com/r/2256gyum", ""].map { Array($0.utf8) }
        samples += [[0x80, 0x31, 0x32, 0xFF], Array(repeating: 0x61, count: 600)]
        for bytes in samples {
            if QRSegment.byteModeIsOnlyOptimum(bytes) { shortcutTaken += 1 } else { programOnly += 1 }
            for number in [1, 9, 10, 26, 27, 40] {
                let version = try #require(QRVersion(number))
                #expect(QRSegment.optimalSegments(forBytes: bytes, version: version)
                        == QRSegment.shortestSegments(forBytes: bytes, version: version), "\(bytes)")
            }
        }
        #expect(QRSegment.byteModeIsOnlyOptimum(Array("https://qr.example.com/r/k3x9pq7m".utf8)))
        #expect(!QRSegment.byteModeIsOnlyOptimum(Array("https://qr.example.com/r/2256gyum".utf8)))
        #expect(shortcutTaken > 300 && programOnly > 300, "\(shortcutTaken) shortcut, \(programOnly) program")
    }

    @Test func bitBuffersJoinAtEveryAlignment() {
        var generator = SplitMix64(state: 5)
        func randomBits(_ count: Int) -> [Int] { (0..<count).map { _ in Int(generator.next() & 1) } }
        func buffer(_ bits: [Int]) -> BitBuffer {
            var buffer = BitBuffer()
            for bit in bits { buffer.append(bit, bits: 1) }
            return buffer
        }
        for _ in 0..<400 {
            let head = randomBits(Int(generator.next() % 30))
            let tail = randomBits(Int(generator.next() % 30))
            var joined = buffer(head)
            joined.append(contentsOf: buffer(tail))
            #expect(joined == buffer(head + tail), "\(head.count) + \(tail.count) bits")
            #expect(joined.bytes.count == (head.count + tail.count + 7) / 8)
        }
        let bytes: [UInt8] = [0x00, 0xFF, 0xA5, 0x3C]
        #expect(QRSegment.bytes(bytes).data == buffer(bytes.flatMap { byte in (0..<8).map { Int(byte >> (7 - $0) & 1) } }))
    }

    @Test func smallestVersionThatFits() throws {
        let url = try QRCode.encode(text: "https://qr.example.com/r/k3x9pq7m")
        #expect(url.version.number == 3)
        #expect(url.errorCorrectionLevel == .medium)
        var bounded = QREncodingOptions()
        bounded.minimumVersion = try #require(QRVersion(5))
        #expect(try QRCode.encode(text: "hi", options: bounded).version.number == 5)
    }

    @Test func boostRaisesTheLevelWithoutGrowingTheVersion() throws {
        var options = QREncodingOptions(errorCorrectionLevel: .low)
        options.boostErrorCorrection = true
        let code = try QRCode.encode(text: "HELLO", options: options)
        #expect(code.version.number == 1)
        #expect(code.errorCorrectionLevel == .high)
    }

    @Test func eciIsWrittenOnlyForNonASCIIByteData() throws {
        let v1 = try #require(QRVersion(1))
        var options = QREncodingOptions(errorCorrectionLevel: .low)
        options.fixVersion(v1)
        options.mask = QRMask(0)
        let ascii = try QRCode.encode(text: "hello", options: options)
        let plain = try QRCode.encode(segments: [.bytes(Array("hello".utf8))], options: options)
        #expect(ascii == plain)
        let accented = try QRCode.encode(text: "héllo", options: options)
        let declared = try QRCode.encode(segments: [.eci(26), .bytes(Array("héllo".utf8))], options: options)
        #expect(accented == declared)
        options.eciPolicy = .never
        let undeclared = try QRCode.encode(text: "héllo", options: options)
        #expect(undeclared == (try QRCode.encode(segments: [.bytes(Array("héllo".utf8))], options: options)))
    }

    @Test(arguments: [(ErrorCorrectionLevel.low, 2953), (.medium, 2331), (.quartile, 1663), (.high, 1273)])
    func capacityEdgesAtVersion40(level: ErrorCorrectionLevel, capacity: Int) throws {
        var options = QREncodingOptions(errorCorrectionLevel: level)
        options.segmentation = .singleByteSegment
        let fits = [UInt8](repeating: 0x61, count: capacity)
        #expect(try QRCode.encode(bytes: fits, options: options).version.number == 40)
        let tooLong = fits + [0x61]
        #expect(throws: QREncodingError.self) { try QRCode.encode(bytes: tooLong, options: options) }
        do {
            _ = try QRCode.encode(bytes: tooLong, options: options)
        } catch .dataTooLong(let info) {
            #expect(info.version.number == 40)
            #expect(info.level == level)
            #expect(info.excessBytes == 1)
            #expect(info.capacityBits == Codewords.dataCapacityBits(version: .maximum, level: level))
            let message = QREncodingError.dataTooLong(info).description
            #expect(message.contains("version 40 at error correction \(level.letter)"))
            #expect(message.contains("(1 byte) over"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func invertedVersionRangeIsAnError() throws {
        var options = QREncodingOptions()
        options.minimumVersion = try #require(QRVersion(10))
        options.maximumVersion = try #require(QRVersion(2))
        #expect(throws: QREncodingError.invalidVersionRange(minimum: options.minimumVersion, maximum: options.maximumVersion)) {
            try QRCode.encode(text: "x", options: options)
        }
    }

    @Test func automaticMaskHasTheLowestPenalty() throws {
        for text in ["https://qr.example.com/r/k3x9pq7m", "HELLO WORLD", String(repeating: "0", count: 300)] {
            let chosen = try QRCode.encode(text: text)
            var options = QREncodingOptions()
            options.fixVersion(chosen.version)
            let penalties = try QRMask.all.map { mask in
                options.mask = mask
                return MaskPenalty.score(of: try QRCode.encode(text: text, options: options))
            }
            #expect(MaskPenalty.score(of: chosen) == penalties.min())
            #expect(penalties.firstIndex(of: penalties.min() ?? 0) == chosen.mask.number)
        }
    }

    @Test func rowBitsAgreeWithModules() throws {
        for version in [1, 2, 7, 14, 27, 40] {
            var options = QREncodingOptions()
            options.fixVersion(try #require(QRVersion(version)))
            let code = try QRCode.encode(text: "HELLO WORLD", options: options)
            let modules = code.modules
            #expect(modules.count == code.size * code.size)
            for y in 0..<code.size {
                let row = code.rowBits(y)
                let singles = (0..<code.size).map { row.bits(from: $0, count: 1) == 1 }
                #expect(singles == Array(modules[(y * code.size)..<((y + 1) * code.size)]))
                #expect((0..<code.size).map { code[$0, y] } == singles)
                // Dark runs: exactly the dark modules, each run maximal.
                let runs = Array(row.darkRuns(among: code.size))
                #expect(runs.flatMap { Array($0) } == (0..<code.size).filter { singles[$0] })
                #expect(runs.allSatisfy { !$0.isEmpty && ($0.lowerBound == 0 || !singles[$0.lowerBound - 1])
                    && ($0.upperBound == code.size || !singles[$0.upperBound]) })
                // Wider reads: module x + i at bit i, light past the row's end.
                for x in stride(from: 0, to: code.size + 8, by: 5) {
                    for count in [3, 7, 57, 64] {
                        let expected = (0..<count).reduce(UInt64(0)) { word, i in
                            word | (x + i < code.size && modules[y * code.size + x + i] ? 1 << UInt64(i) : 0)
                        }
                        #expect(row.bits(from: x, count: count) == expected, "v\(version) y\(y) x\(x) count \(count)")
                    }
                }
            }
        }
    }
}

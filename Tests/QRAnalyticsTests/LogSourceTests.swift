@testable import QRAnalytics
import Foundation
import Testing

/// `LogSource` against a plain model of a log's lines: every line comes out once, whole or
/// (from `longestLine` bytes on) cut, whatever the block size, the compression and where
/// a run stopped and the next one resumed.
@Suite struct LogSourceTests {
    /// What a reader should get from one line of the log.
    enum Expected: Equatable {
        case line([UInt8])
        case overlong(excerpt: [UInt8], length: Int)
    }

    /// A small, seeded generator: the same logs on every run.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let longestLine = 64
    /// The fingerprint's share of the log, kept under half the longest line as the
    /// ingester's 4 KiB is under half of 16 MiB.
    static let prefixLength = 24

    /// A log of random lines whose lengths crowd around `longestLine`, and what a reader
    /// should see of it.
    static func makeLog(_ random: inout SplitMix64, takeUnfinished: Bool) -> (bytes: [UInt8], expected: [Expected], consumed: Int) {
        let limit = longestLine
        let lengths = [0, 1, 2, limit / 2, limit - 2, limit - 1, limit, limit + 1, 2 * limit - 1, 2 * limit, 7 * limit + 3]
        var bytes: [UInt8] = []
        var expected: [Expected] = []
        var consumed = 0
        let count = Int.random(in: 0...12, using: &random)
        let endsWithNewline = Bool.random(using: &random)
        for index in 0..<count {
            let length = lengths.randomElement(using: &random) ?? 0
            let line = (0..<length).map { _ in "ab{}\" \\x\r\t\0".utf8.randomElement(using: &random) ?? 0x61 }
            bytes += line
            let finished = index < count - 1 || endsWithNewline
            if finished { bytes.append(0x0A) }
            if length >= limit {
                // The excerpt is taken from the first `longestLine` bytes, all a reader keeps.
                expected.append(.overlong(excerpt: Array(line.prefix(min(OverlongLine.excerptLength, limit))), length: length))
                consumed = bytes.count
            } else if finished || (takeUnfinished && length > 0) {
                expected.append(.line(line))
                consumed = bytes.count
            }
        }
        return (bytes, expected, consumed)
    }

    /// Reads `source` to its end (or for `limit` pieces) into the model's terms.
    static func read(_ source: LogSource, size: Int, takeUnfinished: Bool, limit: Int = .max) throws -> [Expected] {
        var seen: [Expected] = []
        var pieces = 0
        while pieces < limit, let chunk = try source.nextBlock(size: size, takeUnfinished: takeUnfinished) {
            pieces += 1
            switch chunk {
            case .overlongLine(let line):
                seen.append(.overlong(excerpt: line.excerpt, length: line.length))
            case .lines(var block):
                #expect(block.last == 0x0A, "a block ends with a newline")
                seen += block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { .line(Array($0)) }
                source.recycle(&block)
            }
        }
        return seen
    }

    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "qrbuild-logsource-\(UUID().uuidString)-\(name)"
    }

    static func gzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-f", "-1", path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return path + ".gz"
    }

    @Test(arguments: [false, true])
    func everyLineComesOutOnceWhateverTheBlockSizeAndWhereARunStopped(compressed: Bool) throws {
        var random = SplitMix64(state: compressed ? 2 : 1)
        for _ in 0..<(compressed ? 60 : 300) {
            let takeUnfinished = compressed
            let log = Self.makeLog(&random, takeUnfinished: takeUnfinished)
            var path = Self.temporaryPath("log")
            try Data(log.bytes).write(to: URL(fileURLWithPath: path))
            if compressed { path = try Self.gzip(path) }
            defer { try? FileManager.default.removeItem(atPath: path) }
            let size = Int.random(in: 1...(2 * Self.longestLine), using: &random)

            let whole = try LogSource(path: path, longestLine: Self.longestLine)
            _ = try whole.prefix(Self.prefixLength)
            #expect(try Self.read(whole, size: size, takeUnfinished: takeUnfinished) == log.expected, "size \(size)")
            #expect(whole.position == log.consumed)

            // A run that stops after some pieces, and one that resumes where it stopped.
            let first = try LogSource(path: path, longestLine: Self.longestLine)
            _ = try first.prefix(Self.prefixLength)
            let stop = Int.random(in: 0...4, using: &random)
            var seen = try Self.read(first, size: size, takeUnfinished: takeUnfinished, limit: stop)
            let second = try LogSource(path: path, longestLine: Self.longestLine)
            _ = try second.prefix(Self.prefixLength)
            try second.skip(to: first.position)
            seen += try Self.read(second, size: size, takeUnfinished: takeUnfinished)
            #expect(seen == log.expected, "size \(size), stopped after \(stop) pieces")
            #expect(second.position == log.consumed)
        }
    }

    @Test func aLineCutAtTheEndIsNotCountedAgainWhenItGoesOn() throws {
        let path = Self.temporaryPath("live.log")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let overlong = [UInt8](repeating: 0x78, count: 3 * Self.longestLine)
        try Data(Array("first\n".utf8) + overlong).write(to: URL(fileURLWithPath: path))
        let first = try LogSource(path: path, longestLine: Self.longestLine)
        _ = try first.prefix(Self.prefixLength)
        let cut = Expected.overlong(excerpt: Array(overlong.prefix(Self.longestLine)), length: overlong.count)
        #expect(try Self.read(first, size: 16, takeUnfinished: false) == [.line(Array("first".utf8)), cut])

        // nginx finishes the line and writes another: only the new line is read.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Array("rest of the long line\nsecond\n".utf8))
        try handle.close()
        let second = try LogSource(path: path, longestLine: Self.longestLine)
        _ = try second.prefix(Self.prefixLength)
        try second.skip(to: first.position)
        #expect(try Self.read(second, size: 16, takeUnfinished: false) == [.line(Array("second".utf8))])
    }

    @Test func aCompressedLogCutShortIsReadUpToTheCutAndOnLater() throws {
        var random = SplitMix64(state: 3)
        var bytes: [UInt8] = []
        var lines: [Expected] = []
        for index in 0..<3000 {
            let line = Array("line \(index) \(String(repeating: "x", count: Int.random(in: 0...90, using: &random)))".utf8)
            bytes += line + [0x0A]
            lines.append(.line(line))
        }
        let plain = Self.temporaryPath("rotated.log")
        try Data(bytes).write(to: URL(fileURLWithPath: plain))
        let whole = try Self.gzip(plain)
        defer { try? FileManager.default.removeItem(atPath: whole) }
        let compressed = try Data(contentsOf: URL(fileURLWithPath: whole))
        // Cut where logrotate might be when a run reads the file: in the header, and on.
        for cut in [5, 20, compressed.count / 3, compressed.count / 2, compressed.count - 9, compressed.count - 1] {
            let partial = Self.temporaryPath("partial.gz")
            try compressed.prefix(cut).write(to: URL(fileURLWithPath: partial))
            defer { try? FileManager.default.removeItem(atPath: partial) }
            let first = try LogSource(path: partial)
            _ = try first.prefix(Ingester.fingerprintLength)
            let seen = try Self.read(first, size: 4096, takeUnfinished: true)
            #expect(first.damage != nil, "cut at \(cut)")
            #expect(Array(lines.prefix(seen.count)) == seen, "only whole lines, in order; cut at \(cut)")
            let second = try LogSource(path: whole)
            _ = try second.prefix(Ingester.fingerprintLength)
            try second.skip(to: first.position)
            #expect(try seen + Self.read(second, size: 4096, takeUnfinished: true) == lines, "cut at \(cut)")
            #expect(second.damage == nil)
        }
    }

    @Test func theDefaultLimitCutsAt16MiB() throws {
        let path = Self.temporaryPath("big.log")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let limit = LogSource.defaultLongestLine
        var bytes = Array("a\n".utf8)
        bytes += [UInt8](repeating: 0x79, count: limit - 1) + [0x0A]
        bytes += [UInt8](repeating: 0x7A, count: limit) + [0x0A]
        bytes += Array("b\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let source = try LogSource(path: path)
        _ = try source.prefix(Ingester.fingerprintLength)
        let seen = try Self.read(source, size: 2 << 20, takeUnfinished: false)
        #expect(seen.count == 4)
        #expect(seen.first == .line([0x61]))
        #expect(seen.dropFirst().first == .line([UInt8](repeating: 0x79, count: limit - 1)))
        #expect(seen.dropFirst(2).first == .overlong(excerpt: [UInt8](repeating: 0x7A, count: OverlongLine.excerptLength), length: limit))
        #expect(seen.last == .line([0x62]))
    }
}

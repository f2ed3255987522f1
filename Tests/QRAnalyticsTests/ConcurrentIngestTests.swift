@testable import QRAnalytics
import Foundation
import Testing

/// Ingest's parser threads and its writer thread, run hard enough for ThreadSanitizer
/// (`make test-tsan`) to see them share blocks, tallies and the store: blocks small enough
/// for dozens of them and several transactions, two logs, a rerun that must count
/// nothing again, and two runs at once on the same store.
@Suite struct ConcurrentIngestTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/qrcodes.json").path
    static let codes = ["k3x9pq7m", "h7c2vx9d", "m4n8q2wt"]
    static let agents = [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    ]

    /// `lines` JSON log lines spread over three codes, five days and many addresses.
    static func log(lines: Int, salt: Int) -> String {
        var text = ""
        for line in 0..<lines {
            let day = 18 + line % 5
            let code = codes[(line / 7 + salt) % codes.count]
            let agent = agents[line % agents.count]
            text += "{\"time\":\"2026-05-\(day)T\(10 + line % 12):\(10 + line % 50):00+00:00\",\"addr\":\"198.51.\(line % 200).\(line % 250 + 1)\","
                + "\"forwarded\":\"\",\"method\":\"GET\",\"path\":\"/r/\(code)\",\"status\":302,\"agent\":\"\(agent)\","
                + "\"referrer\":\"\",\"country\":\"DE\",\"proxy\":\"0\"}\n"
        }
        return text
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.example, toPath: url.appendingPathComponent("qrcodes.json").path)
        return url
    }

    func options(_ folder: URL, logs: [String]) -> IngestOptions {
        var options = IngestOptions(logs: logs.map { folder.appendingPathComponent($0).path },
                                    manifestPath: folder.appendingPathComponent("qrcodes.json").path,
                                    storePath: folder.appendingPathComponent("analytics.sqlite").path)
        options.blockSize = 32_768
        return options
    }

    func scans(_ folder: URL) throws -> Int {
        let store = try AnalyticsStore(path: folder.appendingPathComponent("analytics.sqlite").path)
        let window = try store.window(ids: Self.codes, days: 90, lastDay: 20_595)
        return Self.codes.reduce(0) { total, code in total + (window.codes[code]?.series.reduce(0) { $0 + $1.scans } ?? 0) }
    }

    @Test func manyBlocksOnManyThreadsCountEachScanOnce() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.log(lines: 2_400, salt: 0).write(to: folder.appendingPathComponent("a.log"), atomically: true, encoding: .utf8)
        try Self.log(lines: 1_600, salt: 1).write(to: folder.appendingPathComponent("b.log"), atomically: true, encoding: .utf8)
        let first = try Ingester.ingest(options(folder, logs: ["a.log", "b.log"]))
        #expect(first.logs.map(\.scans) == [2_400, 1_600])
        #expect(try scans(folder) == 4_000)
        let again = try Ingester.ingest(options(folder, logs: ["a.log", "b.log"]))
        #expect(again.logs.map(\.scans) == [0, 0])
        #expect(again.logs.map(\.alreadyRead) == [2_400, 1_600])
        #expect(try scans(folder) == 4_000)
    }

    @Test func twoRunsAtOnceOnOneStoreCountEachScanOnce() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.log(lines: 1_500, salt: 2).write(to: folder.appendingPathComponent("a.log"), atomically: true, encoding: .utf8)
        let options = options(folder, logs: ["a.log"])
        async let one = Task.detached { try Ingester.ingest(options) }.value
        async let two = Task.detached { try Ingester.ingest(options) }.value
        let reports = try await [one, two]
        #expect(reports.map { $0.logs[0].scans }.reduce(0, +) == 1_500)
        #expect(try scans(folder) == 1_500)
    }
}

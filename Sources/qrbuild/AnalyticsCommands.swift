import ArgumentParser
import QRAnalytics
import QRBuildKit

/// Where the analytics store lives and which time zone its days are in.
struct StoreLocation: ParsableArguments {
    @Option(help: "The analytics store (default: .qrbuild/analytics.sqlite beside the manifest).")
    var store: String?

    @Option(help: "Which time zone days are counted in: UTC (default), an offset such as +02:00, or a zone such as Europe/Berlin.")
    var tz = "UTC"

    /// The store: `--store`, else `.qrbuild/analytics.sqlite` beside the manifest.
    func storePath(manifest: String) -> String { store ?? Self.defaultStore(manifest: manifest) }

    /// `.qrbuild/analytics.sqlite` beside the manifest.
    static func defaultStore(manifest: String) -> String { PathName.parent(of: manifest) + "/.qrbuild/analytics.sqlite" }

    func clock() throws -> DayClock {
        guard let clock = DayClock(tz) else {
            throw UserFacingError.usage("--tz \"\(tz)\" is not a time zone: use UTC, an offset such as +02:00, or a name such as Europe/Berlin")
        }
        return clock
    }
}

/// Where the analytics store lives and which manifest names the codes.
struct StoreArguments: ParsableArguments {
    @OptionGroup var manifestOption: ManifestOption
    @OptionGroup var location: StoreLocation

    /// The manifest's path, found as every command finds it.
    func manifest() throws -> String { try manifestOption.path() }

    func storePath(manifest: String) -> String { location.storePath(manifest: manifest) }

    func clock() throws -> DayClock { try location.clock() }
}

extension UserFacingError {
    static func from(_ error: IngestError) -> UserFacingError {
        switch error {
        case .manifest(let error): from(error)
        case .store, .log, .geoIP: io(error.description)
        }
    }
}

extension QRBuild {
    /// `qrbuild ingest`: access logs into the analytics store, each scan counted once.
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Count scans from nginx access logs into the analytics store.",
            discussion: """
                Reads the qrbuild JSON log format and nginx's combined format, plain or compressed \
                (gzip, bzip2, xz, zstd), rotated sets in any order. Running it again, after rotation \
                or after an interrupted run counts every scan exactly once.
                """
        )

        @Argument(help: "Access logs.")
        var logs: [String]

        @OptionGroup var storage: StoreArguments
        @OptionGroup var output: OutputOptions

        @Option(name: .customLong("geoip"), help: "A MaxMind-format database (.mmdb) for countries the log does not give.")
        var geoIP: String?

        /// Bytes per block (a transaction covers 8); small values let tests interrupt a run between commits.
        @Option(help: .hidden)
        var blockSize: Int?

        func validate() throws {
            if logs.isEmpty { throw ValidationError("name at least one access log") }
        }

        func run() throws {
            let manifest = try storage.manifest()
            var options = IngestOptions(logs: logs, manifestPath: manifest, storePath: storage.storePath(manifest: manifest))
            options.geoIPPath = geoIP
            if let blockSize { options.blockSize = max(blockSize, 4096) }
            let progress = output.showsProgress ? IngestProgress() : nil
            options.progress = progress?.report
            options.clock = try storage.clock()
            let report: IngestReport
            do {
                report = try Ingester.ingest(options)
                progress?.finish()
            } catch {
                progress?.finish()
                throw UserFacingError.from(error)
            }
            for log in report.logs {
                var line = "\(log.path): \(log.lines) lines read"
                if log.alreadyRead > 0 { line += " (\(log.alreadyRead) counted before)" }
                line += ", \(log.scans) scans, \(log.bots) bots and previews, \(log.unknownIDs) for unknown ids, \(log.ignored) other requests"
                if log.malformed > 0 { line += ", \(log.malformed) malformed" }
                output.say(line)
                for sample in log.malformedSamples {
                    StandardStream.warn("\(log.path):\(sample.line): malformed line skipped: \(sample.excerpt)")
                }
                if let damage = log.damage {
                    StandardStream.warn("\(log.path): \(damage): read up to there; if logrotate is still compressing it, the next run reads the rest")
                }
            }
        }
    }

    /// `qrbuild analytics`: a code's scans per day and per country.
    struct Analytics: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analytics",
            abstract: "Show a code's scans per day and per country, or every code's totals.")

        @Argument(help: "The code's id.")
        var id: String?

        @Option(help: "How many days, 1-90, ending today (or --end).")
        var days = 30

        @Option(help: "The last day of the series, YYYY-MM-DD (default: today).")
        var end: String?

        @Flag(help: "The hosted API's JSON shape.")
        var json = false

        @Flag(help: "Every code's totals instead of one code.")
        var all = false

        @Flag(help: "CSV: with --all every code's totals; for one code its day series and every breakdown.")
        var csv = false

        @OptionGroup var storage: StoreArguments

        func validate() throws {
            guard (1...90).contains(days) else { throw ValidationError("--days must be 1 to 90 (got \(days))") }
            if all == (id != nil) { throw ValidationError("give a code's id, or --all") }
            if csv && json { throw ValidationError("use --csv or --json, not both") }
        }

        func run() throws {
            let manifestPath = try storage.manifest()
            let manifest: Manifest
            do {
                manifest = try Builder.loadManifest(atPath: manifestPath)
            } catch {
                throw UserFacingError.from(error)
            }
            let ids = manifest.codes.compactMap { $0.type == .dynamic ? $0.id?.text : nil }
            do {
                let store = try AnalyticsStore(path: storage.storePath(manifest: manifestPath))
                if all {
                    let totals = try store.totals(ids: ids)
                    print(csv ? totals.csv : totals.table, terminator: "")
                    return
                }
                guard let id, let known = ids.first(where: { $0.lowercased() == id.lowercased() }) else {
                    throw UserFacingError.data("no dynamic code with id \"\(id ?? "")\" in \(manifestPath); `qrbuild list` shows the ids")
                }
                var lastDay = try storage.clock().today()
                if let end {
                    guard let day = AnalyticsText.day(from: end) else {
                        throw UserFacingError.usage("--end \"\(end)\" is not a date: write YYYY-MM-DD")
                    }
                    lastDay = day
                }
                var result = try store.analytics(id: known, days: days, lastDay: lastDay)
                if let code = manifest.codes.first(where: { $0.id?.text == known }), code.routing.choosesAtScan {
                    result.routeTargets = code.routing.targets(data: code.payload)
                }
                print(json ? result.json : csv ? result.csv : result.table, terminator: "")
            } catch let error as StoreError {
                throw UserFacingError.io(error.description)
            }
        }
    }
}

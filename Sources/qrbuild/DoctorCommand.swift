import ArgumentParser
import QRBuildKit
import QRDoctor

extension QRBuild {
    /// `qrbuild doctor`: what a deployment needs, checked, each finding with what to fix.
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check what a deployment needs: manifest, nginx and its configuration, access log, analytics store, GeoIP database, key file.",
            discussion: "Exits 78 when something must be fixed; warnings alone exit 0."
        )

        @OptionGroup var manifest: ManifestOption

        @Option(name: [.short, .customLong("output")], help: "The build's output folder (default: dist beside the manifest).")
        var output: String?

        @Option(help: "The access log nginx writes scans to.")
        var accessLog = NginxCompiler.Options().accessLog

        @Option(help: "The analytics store (default: .qrbuild/analytics.sqlite beside the manifest).")
        var store: String?

        @Option(name: .customLong("geoip"), help: "The GeoIP database ingest uses, to check its age.")
        var geoIP: String?

        @Option(help: "The key file for encrypted destinations, to check its permissions.")
        var keyFile: String?

        @Option(help: "The nginx binary (default: found on PATH or in /usr/sbin).")
        var nginx: String?

        @Option(help: "The nginx configuration to test (default: nginx's own).")
        var nginxConf: String?

        @OptionGroup var report: OutputOptions

        func run() throws {
            let manifestPath = try manifest.path()
            var doctor = QRDoctor.Doctor(manifestPath: manifestPath, outputPath: output ?? ManifestOption.beside(manifestPath, "dist"))
            doctor.accessLog = accessLog
            doctor.storePath = store
            doctor.geoIPPath = geoIP
            doctor.keyFile = keyFile
            doctor.nginx = nginx
            doctor.nginxConfiguration = nginxConf
            let findings = doctor.run()
            for finding in findings where !report.quiet || finding.level != .ok {
                let label = finding.level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                print(TerminalText.printable("\(label)\(finding.subject): \(finding.message)"))
            }
            let problems = findings.filter { $0.level == .problem }.count
            if problems > 0 {
                throw UserFacingError(message: "\(problems) problem\(problems == 1 ? "" : "s") to fix (above)", exitCode: ExitCode(78))
            }
        }
    }
}

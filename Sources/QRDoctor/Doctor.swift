import Foundation
import QRAnalytics
import QRBuildKit

/// `qrbuild doctor`: checks what a deployment needs, each finding with what to fix: the
/// manifest and lockfile, nginx (found, its version, the include files in place and
/// loaded, `nginx -t` clean), the access log, the analytics store, the GeoIP database's
/// age and the key file's permissions.
public struct Doctor: Sendable {
    public var manifestPath: String
    /// Where the build's output is (its `nginx/` holds the include files).
    public var outputPath: String
    public var accessLog = NginxCompiler.Options().accessLog
    public var storePath: String?
    public var geoIPPath: String?
    public var keyFile: String?
    /// The nginx to ask; found on `PATH` (and in /usr/sbin) unless given.
    public var nginx: String?
    /// The nginx configuration file to test (`nginx -c`); nginx's own default unless given.
    public var nginxConfiguration: String?
    /// GeoIP databases older than this are reported (MaxMind updates GeoLite2 twice a week).
    public var geoIPMaximumAge = 35 * 86_400
    public var now = Int(Date().timeIntervalSince1970)

    public init(manifestPath: String, outputPath: String) {
        self.manifestPath = manifestPath
        self.outputPath = outputPath
    }

    /// Every finding, in the order checked.
    public func run() -> [Finding] {
        var findings = [checkManifest()]
        findings += checkNginx()
        findings.append(checkAccessLog())
        findings.append(checkStore())
        if let geoIPPath { findings.append(checkGeoIP(geoIPPath)) }
        if let keyFile { findings.append(checkKeyFile(keyFile)) }
        return findings
    }

    func checkManifest() -> Finding {
        do {
            let codes = try Builder.validate(manifestPath: manifestPath)
            return .ok("manifest", "\(manifestPath): \(codes) codes, no problems")
        } catch {
            return .problem("manifest", "\(error.description.split(separator: "\n").first ?? "invalid") (run `qrbuild validate` for every problem)")
        }
    }

    func checkNginx() -> [Finding] {
        guard let nginx = nginx ?? Self.find("nginx", extra: ["/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin"]) else {
            return [.problem("nginx", "not found on PATH or in /usr/sbin: install it (Debian: apt-get install nginx-light) or pass --nginx PATH")]
        }
        var findings: [Finding] = []
        let version = Self.run(nginx, ["-v"])
        let versionText = version.error.trimmingCharacters(in: .whitespacesAndNewlines)
        findings.append(.ok("nginx", "\(nginx): \(versionText.isEmpty ? "version unknown" : versionText)"))
        // Absolute, as nginx's include wants them from any working folder.
        let output = outputPath.hasPrefix("/") ? outputPath : FileManager.default.currentDirectoryPath + "/" + outputPath
        let http = output + "/nginx/qrbuild-http.conf", server = output + "/nginx/qrbuild-server.conf"
        let present = [http, server].filter { FileManager.default.isReadableFile(atPath: $0) }
        if present.count < 2 {
            findings.append(.problem("include files", "\(http) and \(server) are not both there: run `qrbuild build` (or `qrbuild nginx`)"))
        } else {
            findings.append(.ok("include files", "\(http) and \(server) are there"))
        }
        let configuration = nginxConfiguration.map { ["-c", $0] } ?? []
        let test = Self.run(nginx, ["-t"] + configuration)
        let messages = test.error.split(separator: "\n").filter { !$0.contains("syntax is ok") && !$0.contains("test is successful") }
        if test.status != 0 {
            findings.append(.problem("nginx -t", "fails: \(messages.joined(separator: "; ")); fix the configuration before reloading"))
        } else if !messages.isEmpty {
            findings.append(.warning("nginx -t", "passes with warnings: \(messages.joined(separator: "; "))"))
        } else {
            findings.append(.ok("nginx -t", "clean"))
        }
        let dump = Self.run(nginx, ["-T"] + configuration)
        if dump.status == 0 {
            let loaded = dump.output.contains("qrbuild-http.conf") && dump.output.contains("qrbuild-server.conf")
            findings.append(loaded
                ? .ok("nginx config", "includes qrbuild-http.conf and qrbuild-server.conf")
                : .problem("nginx config", "does not include the qrbuild files: add `include \(http);` inside http { } and `include \(server);` "
                           + "inside the server { } of your QR host (see nginx/qrbuild.conf from `qrbuild init`)"))
            // Routed codes read the User-Agent and the clock through patterns at every scan.
            if loaded, let http = try? String(contentsOfFile: http, encoding: .utf8), http.contains("$qrbuild_client") || http.contains("$msec") {
                let compiled = dump.output.split(separator: "\n").contains { line in
                    let words = line.split(separator: "#", maxSplits: 1).first?.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ";" }) ?? []
                    return words.count >= 2 && words[0] == "pcre_jit" && words[1] == "on"
                }
                findings.append(compiled
                    ? .ok("pcre_jit", "on: the patterns of codes with rules and schedules are compiled")
                    : .warning("pcre_jit", "off: nginx interprets the patterns that codes with rules and schedules read at every scan; add `pcre_jit on;` at the top of nginx.conf to compile them"))
            }
        }
        return findings
    }

    func checkAccessLog() -> Finding {
        guard FileManager.default.fileExists(atPath: accessLog) else {
            return .warning("access log", "\(accessLog) does not exist yet: nginx creates it at the first scan (or build with --access-log PATH)")
        }
        guard FileManager.default.isReadableFile(atPath: accessLog) else {
            return .problem("access log", "\(accessLog) is not readable by this user: run ingest as a user in the adm group, or as root")
        }
        return .ok("access log", "\(accessLog) is readable")
    }

    func checkStore() -> Finding {
        let path = storePath ?? PathName.parent(of: manifestPath) + "/.qrbuild/analytics.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            return .warning("analytics store", "\(path) does not exist yet: `qrbuild ingest` creates it")
        }
        do {
            try AnalyticsStore.checkPlacement(path)
            let result = try AnalyticsStore(path: path).quickCheck()
            return result == "ok" ? .ok("analytics store", "\(path): integrity ok")
                : .problem("analytics store", "\(path) is damaged (\(result)): move it aside and ingest the logs again")
        } catch {
            return .problem("analytics store", error.description)
        }
    }

    func checkGeoIP(_ path: String) -> Finding {
        do {
            let (type, builtAt) = try GeoIPDatabase.describe(path: path)
            let days = (now - builtAt) / 86_400
            if now - builtAt > geoIPMaximumAge {
                return .warning("GeoIP", "\(path) (\(type)) was built \(days) days ago: download a fresh copy, countries change hands")
            }
            return .ok("GeoIP", "\(path) (\(type)), built \(days) days ago")
        } catch {
            return .problem("GeoIP", error.description)
        }
    }

    func checkKeyFile(_ path: String) -> Finding {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue else {
            return .problem("key file", "\(path) cannot be read")
        }
        if mode & 0o077 != 0 {
            return .problem("key file", "\(path) can be read by others (mode \(String(mode, radix: 8))): chmod 600 \(path)")
        }
        return .ok("key file", "\(path) is readable by its owner only")
    }

    /// `name` on `PATH` or in `extra` folders.
    static func find(_ name: String, extra: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) + extra where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        return nil
    }

    static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String, error: String) {
        let outcome = Subprocess.run(executable, arguments)
        return (outcome.status, outcome.outputText, outcome.error)
    }
}

import ArgumentParser
import Foundation
import QRBuildKit
import QRPayload
import QRServe
import QRSite

/// Where the keys of a manifest live: `.qrbuild/keys.json` beside the analytics store.
struct KeyFileLocation: ParsableArguments {
    @OptionGroup var manifest: ManifestOption
    @Option(help: "The analytics store (default: .qrbuild/analytics.sqlite beside the manifest); the key file sits beside it.")
    var store: String?

    func manifestPath() throws -> String { try manifest.path() }

    func storePath(manifest: String) -> String { store ?? StoreLocation.defaultStore(manifest: manifest) }

    func keysPath(manifest: String) -> String { Self.keysPath(store: storePath(manifest: manifest)) }

    static func keysPath(store: String) -> String { PathName.parent(of: store) + "/keys.json" }
}

extension QRBuild {
    /// `qrbuild serve`: the hosted API.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the hosted API (/api/qr/codes, /api/qr/static) over the manifest, with Bearer API keys.",
            discussion: "Make a key first: qrbuild keys create --name NAME. The OpenAPI document is at /api/openapi.json."
        )
        @OptionGroup var manifest: ManifestOption
        @OptionGroup var location: StoreLocation
        @Option(help: "The address to listen on.") var host = "127.0.0.1"
        @Option(help: "The port to listen on (0: any free port, printed on start).") var port = 8080
        @Option(help: "Requests a minute each key may make.") var rateLimit = 600
        @Option(name: [.short, .customLong("output")], help: "The build's output folder: rebuilt after writes (default: dist beside the manifest).")
        var output: String?
        @Option(help: "A shell command to run after each rebuild, such as \"nginx -s reload\".") var afterBuild: String?
        @Flag(help: "Do not rebuild the output after writes.") var noBuild = false
        @Flag(help: "Commit each write to git (the manifest; the lockfile after each rebuild), the key's name as the author.")
        var gitCommit = false
        @OptionGroup var nginx: NginxArguments

        func run() throws {
            let manifestPath = try manifest.path()
            guard (1...1_000_000).contains(rateLimit) else { throw UserFacingError.usage("--rate-limit must be 1 to 1000000 requests a minute") }
            let storePath = location.storePath(manifest: manifestPath)
            var options = APIServer.Options(manifestPath: manifestPath, storePath: storePath, keysPath: KeyFileLocation.keysPath(store: storePath))
            options.host = host
            options.port = port
            options.requestsPerMinute = rateLimit
            options.clock = try location.clock()
            options.gitCommit = gitCommit
            let outputPath = output ?? ManifestOption.beside(manifestPath, "dist")
            options.outputPath = outputPath
            if !noBuild {
                let actions = rebuildActions(manifestPath: manifestPath, outputPath: outputPath)
                // The nginx files at once after each write (a burst is one compile); the whole
                // build in the background, a burst being one build.
                let quick = Rebuilder(gather: .milliseconds(10), rebuild: actions.nginx)
                let full = Rebuilder(rebuild: actions.build)
                options.afterWrite = {
                    quick.request()
                    full.request()
                }
            }
            if !FileManager.default.fileExists(atPath: options.keysPath) {
                StandardStream.writeError("qrbuild: no API keys yet (\(options.keysPath)); every request will be refused until you run: qrbuild keys create --name NAME\n")
            }
            let server = APIServer(options)
            let done = DispatchSemaphore(value: 0)
            let failure = Failure()
            Task {
                do {
                    try await server.run { port in
                        StandardStream.writeError("qrbuild: serving \(manifestPath) on http://\(host):\(port)/api/qr/codes\n")
                    }
                } catch {
                    failure.set("\(error)")
                }
                done.signal()
            }
            done.wait()
            if let message = failure.get() { throw UserFacingError.io("the server stopped: \(message)") }
        }

        /// A build as `qrbuild build` with these options makes it, then `--after-build`;
        /// each outcome is a JSON line on standard error.
        /// After writes: the nginx files alone (tens of milliseconds for 10,000 codes, so a
        /// new destination is live at once), and the whole build as `qrbuild build` with these
        /// options makes it (images, site, `codes.json`). Each ends with `--after-build`; the
        /// build writes the nginx files once more before it, from the manifest as it is then,
        /// so nginx never goes back to a map older than one it served.
        private func rebuildActions(manifestPath: String, outputPath: String) -> (nginx: @Sendable () -> Void, build: @Sendable () -> Void) {
            var build = BuildOptions(manifestPath: manifestPath, outputPath: outputPath)
            build.nginx = nginx.options
            build.keySource = nginx.keySource
            let location = location, afterBuild = afterBuild
            let committer = gitCommit ? GitCommitter(manifestPath: manifestPath) : nil
            build.writeSite = SiteBuild.hook(manifestPath: manifestPath, location: location)
            let options = build
            // One nginx update at a time, from either path.
            let nginxLock = NSLock()
            @Sendable func updateNginx(_ fields: inout [FieldValue.Member]) throws {
                nginxLock.lock()
                defer { nginxLock.unlock() }
                guard FileManager.default.fileExists(atPath: outputPath + "/nginx") else { return }
                let files = try Builder.compileNginx(manifestPath: manifestPath, options: options.nginx, keySource: options.keySource)
                // Written into the live output; a build that swaps in meanwhile is followed by
                // another update (see below).
                try AtomicFile.write(files.httpBytes, to: outputPath + "/nginx/qrbuild-http.conf")
                try AtomicFile.write(Array(files.server.utf8), to: outputPath + "/nginx/qrbuild-server.conf")
                if let afterBuild { fields.append(.init("afterBuild", .number(String(try Self.shell(afterBuild))))) }
            }
            let quick: @Sendable () -> Void = { Self.report("nginx") { fields in try updateNginx(&fields) } }
            let full: @Sendable () -> Void = {
                Self.report("build") { fields in
                    let summary = try Builder.build(options)
                    fields.append(.init("rendered", .number(String(summary.rendered))))
                    if let committer, !summary.published.isEmpty {
                        committer.commit("qrbuild: publish \(summary.published.count) code\(summary.published.count == 1 ? "" : "s")",
                                         author: "qrbuild", paths: [options.lockfilePath])
                    }
                    try updateNginx(&fields)
                }
            }
            return (quick, full)
        }

        /// Runs `step`, then writes a JSON line on standard error: the event, what the step
        /// added, ok or failed (with the reason), milliseconds.
        private static func report(_ event: String, _ step: (inout [FieldValue.Member]) throws -> Void) {
            let start = Date()
            var fields: [FieldValue.Member] = [.init("event", .string(event))]
            do {
                try step(&fields)
                fields.append(.init("result", .string("ok")))
            } catch {
                fields.append(.init("result", .string("failed")))
                fields.append(.init("error", .string("\(error)")))
            }
            fields.append(.init("ms", .number(String(Int(Date().timeIntervalSince(start) * 1000)))))
            StandardStream.writeError(String(decoding: JSONWriter.compactBytes(.object(fields)), as: UTF8.self).trimmingCharacters(in: .newlines) + "\n")
        }

        /// `--after-build`, through /bin/sh; its exit status.
        private static func shell(_ command: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }

        /// The server's error, carried out of its task.
        private final class Failure: @unchecked Sendable {
            // @unchecked: written once by the task before it signals, read after the wait.
            private var message: String?
            func set(_ text: String) { message = text }
            func get() -> String? { message }
        }
    }

    /// `qrbuild keys create|list|revoke`.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Make, list and revoke the API keys of `qrbuild serve` (only their hashes are kept).",
            subcommands: [Create.self, List.self, Revoke.self]
        )

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a key and print it once.")
            @OptionGroup var location: KeyFileLocation
            @Option(help: "A name for the key (it names it in logs and commits).") var name: String
            @Option(help: "What it may do: read, write, analytics, comma-separated.") var scope = "read,write,analytics"
            @Option(help: "The last day it works, YYYY-MM-DD (UTC).") var expires: String?

            func run() throws {
                let manifestPath = try location.manifestPath()
                var scopes: [KeyScope] = []
                for part in scope.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                    guard let value = KeyScope(rawValue: part) else {
                        throw UserFacingError.usage("--scope \"\(part)\" is not one of read, write, analytics")
                    }
                    scopes.append(value)
                }
                let store = KeyStore(path: location.keysPath(manifest: manifestPath))
                do {
                    let key = try store.create(name: name, scopes: scopes, expires: expires, now: Int(Date().timeIntervalSince1970))
                    print(key)
                    StandardStream.writeError("qrbuild: key \(name) made; it is shown this once (only its hash is kept in \(store.path))\n")
                } catch {
                    throw UserFacingError.usage(error.description)
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the keys: name, scopes, created, expires, last used (never the key).")
            @OptionGroup var location: KeyFileLocation
            @Flag(help: "As JSON.") var json = false

            func run() throws {
                let manifestPath = try location.manifestPath()
                let keys: [StoredKey]
                do {
                    keys = try KeyStore(path: location.keysPath(manifest: manifestPath)).load()
                } catch {
                    throw UserFacingError.io(error.description)
                }
                let now = Int(Date().timeIntervalSince1970)
                func state(_ key: StoredKey) -> String { key.revokedAt != nil ? "revoked" : key.isExpired(at: now) ? "expired" : "active" }
                if json {
                    let rows: [FieldValue] = keys.map { key in
                        .object([.init("name", .string(key.name)), .init("scopes", .array(key.scopes.map { .string($0.rawValue) })),
                                 .init("createdAt", .string(key.createdAt)), .init("expires", key.expires.map(FieldValue.string) ?? .null),
                                 .init("lastUsedAt", key.lastUsedAt.map(FieldValue.string) ?? .null),
                                 .init("revokedAt", key.revokedAt.map(FieldValue.string) ?? .null), .init("state", .string(state(key)))])
                    }
                    print(JSONWriter.pretty(.array(rows)), terminator: "")
                    return
                }
                guard !keys.isEmpty else { print("no keys yet: qrbuild keys create --name NAME"); return }
                for key in keys {
                    print([key.name, key.scopes.map(\.rawValue).joined(separator: ","), "created " + key.createdAt,
                           "expires " + (key.expires ?? "never"), "last used " + (key.lastUsedAt ?? "never"), state(key)].joined(separator: "  "))
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a key: it stops working at once.")
            @OptionGroup var location: KeyFileLocation
            @Argument(help: "The key's name.") var name: String

            func run() throws {
                let manifestPath = try location.manifestPath()
                do {
                    try KeyStore(path: location.keysPath(manifest: manifestPath)).revoke(name: name, now: Int(Date().timeIntervalSince1970))
                } catch {
                    throw UserFacingError.data(error.description)
                }
                print("revoked \(name)")
            }
        }
    }
}

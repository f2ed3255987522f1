import ArgumentParser
import Foundation
import QRBuildKit
import QRSite

extension QRBuild {
    /// `qrbuild build`: the manifest compiled into images, codes.json and bulk archives.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Build images, codes.json, bulk zip archives, nginx files and the site from the manifest.",
            discussion: "Output is assembled beside DIR and swapped in at the end: a failed build leaves the previous output whole."
        )

        @Argument(help: "The manifest (a shorthand for -m).")
        var positionalManifest: String?

        @OptionGroup var manifest: ManifestOption

        @Option(name: [.short, .customLong("output")], help: "The output folder (default: dist beside the manifest).")
        var output: String?

        @Flag(help: "Allow published codes' images to change (new prints will differ from old ones).")
        var allowReprint = false

        @Flag(help: "Read every styled image back with zbar before writing it; fail (exit 65) naming each code that does not give back its exact data.")
        var verify = false

        @OptionGroup var location: StoreLocation
        @OptionGroup var nginx: NginxArguments
        @OptionGroup var report: OutputOptions

        func run() throws {
            let manifestPath = try manifest.path(positional: positionalManifest)
            let output = output ?? ManifestOption.beside(manifestPath, "dist")
            var options = BuildOptions(manifestPath: manifestPath, outputPath: output)
            options.nginx = nginx.options
            options.keySource = nginx.keySource
            options.allowReprint = allowReprint
            options.verify = verify
            options.sourceDateEpoch = try sourceDateEpoch()
            options.leavesMemoryToExit = true  // the command exits right after the build
            let location = location
            options.writeSite = SiteBuild.hook(manifestPath: manifestPath, location: location)
            if report.showsProgress {
                options.progress = { done, total in
                    StandardStream.writeError("\rrendering \(done)/\(total)" + (done == total ? "\n" : ""))
                }
            }
            let summary: BuildSummary
            do {
                summary = try Builder.build(options)
            } catch {
                throw UserFacingError.from(error)
            }
            var line = "built \(summary.codes) codes into \(output): \(summary.rendered) rendered, \(summary.reused) unchanged, \(summary.archives.count) archives"
            if !summary.published.isEmpty {
                let shown = summary.published.prefix(5).joined(separator: ", ")
                let more = summary.published.count > 5 ? ", …" : ""
                line += "; \(summary.published.count) ids published for the first time (\(shown)\(more))"
            }
            report.say(line)
        }

        private func sourceDateEpoch() throws -> Int? {
            guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return nil }
            guard let seconds = Int(text), seconds >= 315_532_800 else {
                throw UserFacingError.usage("SOURCE_DATE_EPOCH must be whole seconds since 1970, from 1980 on (got \"\(text)\")")
            }
            return seconds
        }
    }

    /// `qrbuild validate`: every problem in the manifest, without building.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check the manifest and report every problem.")

        @Argument(help: "The manifest (a shorthand for -m).")
        var positionalManifest: String?

        @OptionGroup var manifest: ManifestOption
        @OptionGroup var report: OutputOptions

        func run() throws {
            let manifestPath = try manifest.path(positional: positionalManifest)
            do {
                let codes = try Builder.validate(manifestPath: manifestPath)
                report.say("\(manifestPath): \(codes) codes, no problems")
            } catch {
                throw UserFacingError.from(error)
            }
        }
    }

    /// `qrbuild schema`: the manifest's JSON Schema, for editors (`"$schema"`).
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the manifest's JSON Schema.")

        func run() {
            print(ManifestSchema.text, terminator: "")
        }
    }
}

/// What `build` and `nginx` both need to know about the nginx machine.
struct NginxArguments: ParsableArguments {
    @Option(help: "The access log the nginx files write scans to (qrbuild JSON format).")
    var accessLog = "/var/log/nginx/qrbuild.access.log"

    @Option(help: "Where nginx finds the build's site folder on the server. A fixed default keeps builds byte-identical wherever they run.")
    var siteRoot = "/srv/qrbuild/dist/site"

    @Option(help: "The key for encrypted destinations (default: the QRBUILD_KEY environment variable).")
    var keyFile: String?

    @Option(name: .customLong("trusted-proxy"), help: "A proxy (address or CIDR range) whose X-Forwarded-For header `qrbuild ingest` may believe; repeatable.")
    var trustedProxies: [String] = []

    var options: NginxCompiler.Options {
        var options = NginxCompiler.Options()
        options.accessLog = accessLog
        options.siteRoot = siteRoot
        options.trustedProxies = trustedProxies
        return options
    }

    var keySource: KeySource { KeySource(keyFile: keyFile) }

    /// Bad values are usage errors (exit 64) before anything is read; trusting every
    /// client is allowed, with a warning.
    func validate() throws {
        let options = options
        if let problem = options.problems.first { throw ValidationError(problem) }
        for warning in options.warnings { StandardStream.warn(warning) }
    }
}

extension QRBuild {
    /// `qrbuild nginx`: only the nginx files, no images (fast, for large manifests and CI).
    struct Nginx: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "nginx", abstract: "Compile only the nginx include files (no images).")

        @Argument(help: "The manifest (a shorthand for -m).")
        var positionalManifest: String?

        @OptionGroup var manifest: ManifestOption

        @Option(name: [.short, .customLong("output")], help: "The folder for qrbuild-http.conf and qrbuild-server.conf (default: dist/nginx beside the manifest).")
        var output: String?

        @OptionGroup var location: StoreLocation
        @OptionGroup var nginx: NginxArguments
        @OptionGroup var report: OutputOptions

        func run() throws {
            let manifestPath = try manifest.path(positional: positionalManifest)
            let output = output ?? ManifestOption.beside(manifestPath, "dist/nginx")
            let files = try perform { () throws(BuildError) in
                try Builder.compileNginx(manifestPath: manifestPath, options: nginx.options, keySource: nginx.keySource)
            }
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                try AtomicFile.write(files.httpBytes, to: output + "/qrbuild-http.conf")
                try AtomicFile.write(Array(files.server.utf8), to: output + "/qrbuild-server.conf")
            } catch {
                throw UserFacingError.io("\(error)")
            }
            report.say("wrote \(output)/qrbuild-http.conf and \(output)/qrbuild-server.conf")
        }
    }
}

extension QRBuild {
    /// `qrbuild encrypt ID`: keep a destination out of git in plain text.
    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encrypt",
            abstract: "Store a dynamic url code's destination in the manifest only as ciphertext (AES-256-GCM).",
            discussion: "The key comes from --key-file or QRBUILD_KEY; builds need the same key. --new-key prints a fresh key.")

        @OptionGroup var manifest: ManifestOption
        @OptionGroup var report: OutputOptions
        @Argument(help: "The code's id.") var id: String?
        @Option(help: "The key file (default: the QRBUILD_KEY environment variable).") var keyFile: String?
        @Flag(help: "Print a new random key (base64) and exit.") var newKey = false

        func run() throws {
            let manifestPath = try manifest.path()
            if newKey {
                print(DestinationCipher.newKey())
                return
            }
            guard let id else { throw UserFacingError.usage("give the id of the code to encrypt (or --new-key)") }
            guard let key = try perform({ () throws(BuildError) in try KeySource(keyFile: keyFile).load() }) else {
                throw UserFacingError.usage("no key: set QRBUILD_KEY or pass --key-file (make one with `qrbuild encrypt --new-key`)")
            }
            let code = try perform { () throws(BuildError) in
                try ManifestEditor.edit(path: manifestPath) { editor throws(BuildError) in try editor.encrypt(id: id, key: key) }
            }
            report.say("\(code.id?.text ?? id): destination encrypted")
        }
    }
}

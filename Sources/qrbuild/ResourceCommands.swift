import ArgumentParser
import Foundation
import QRBuildKit
import QRPayload

extension Manifest.CodeType: ExpressibleByArgument {}
extension Manifest.ReturnType: ExpressibleByArgument {}
extension Manifest.Status: ExpressibleByArgument {}
extension Manifest.SecureFlag: ExpressibleByArgument {}

/// The manifest every resource command works on.
struct ManifestOption: ParsableArguments {
    @Option(name: [.customShort("m"), .customLong("manifest")],
            help: "The manifest (default: $QRBUILD_MANIFEST, else qrcodes.json in this folder or the nearest one above it).")
    var manifest: String?

    /// The manifest's path; `positional` is the argument `build`, `validate` and `nginx` also take.
    func path(positional: String? = nil) throws -> String {
        if let positional, let manifest, positional != manifest {
            throw UserFacingError.usage("the manifest is named twice (\(positional) and -m \(manifest)); name it once")
        }
        do {
            return try ManifestLocator.locate(given: positional ?? manifest, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw UserFacingError(message: error.description, exitCode: UserFacingError.noInput)
        }
    }

    /// `name` beside the manifest at `path` (`dist` when the manifest is in this folder).
    static func beside(_ path: String, _ name: String) -> String {
        let folder = PathName.parent(of: path)
        return folder == "." ? name : folder + "/" + name
    }
}

/// Runs a library call, turning its errors into exit statuses.
func perform<T>(_ body: () throws(BuildError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw UserFacingError.from(error)
    }
}

extension QRBuild {
    /// `qrbuild add`: create codes (the API's create and bulk create).
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add codes to the manifest; dynamic ones get a fresh id.",
            discussion: "One code from flags, or many from --csv FILE (columns: data, dataType, name, type, returnType, status, tags, id)."
        )
        @OptionGroup var manifest: ManifestOption
        @OptionGroup var report: OutputOptions
        @Option(parsing: .unconditional, help: "The destination URL or content; a JSON object for structured data types.")
        var data: String?
        @Option(help: "url, text, email, wifi, vcard, sms, phone or geo.") var dataType: DataType?
        @Option(help: "A name for the code (letters, digits, - _ .).") var name: String?
        @Option(help: "dynamic or static.") var type: Manifest.CodeType?
        @Option(help: "png or svg.") var returnType: Manifest.ReturnType?
        @Option(help: "A tag; repeat for more.") var tag: [String] = []
        @Option(help: "locked or password.") var secure: [Manifest.SecureFlag] = []
        @Option(help: "Add every row of this CSV file.") var csv: String?
        @Option(help: "Protect the code with the password in this file (the unlock page asks for it).") var passwordFile: String?
        @Flag(help: "Read the protecting password from standard input.") var passwordStdin = false
        @Flag(help: "Print the new codes in the API's JSON shape.") var json = false

        /// The password from --password-file or --password-stdin (one trailing newline dropped);
        /// never from the command line, where it would land in shell history and `ps`.
        private func readPassword() throws -> String? {
            guard passwordFile == nil || !passwordStdin else { throw UserFacingError.usage("use --password-file or --password-stdin, not both") }
            var bytes: [UInt8]?
            if let passwordFile {
                guard let data = FileManager.default.contents(atPath: passwordFile) else { throw UserFacingError.io("cannot read \(passwordFile)") }
                bytes = Array(data)
            } else if passwordStdin {
                bytes = StandardStream.readInput()
            }
            guard var text = bytes.map({ String(decoding: $0, as: UTF8.self) }) else { return nil }
            if text.hasSuffix("\n") { text.removeLast() }
            guard !text.isEmpty else { throw UserFacingError.usage("the password is empty") }
            return text
        }

        func run() throws {
            let manifestPath = try manifest.path()
            var newCodes: [NewCode]
            if let csv {
                guard data == nil else { throw UserFacingError.usage("use --data or --csv, not both") }
                guard let text = FileManager.default.contents(atPath: csv) else { throw UserFacingError.io("cannot read \(csv)") }
                newCodes = try perform { () throws(BuildError) in try BulkInput.codes(fromCSV: String(decoding: text, as: UTF8.self), file: csv) }
            } else {
                guard let data else { throw UserFacingError.usage("give --data (or --csv FILE for many codes)") }
                var code = NewCode(data: try perform { () throws(BuildError) in try NewCode.data(data, as: dataType) })
                code.dataType = dataType
                code.name = name
                code.type = type
                code.returnType = returnType
                code.tags = tag
                code.secure = secure
                code.password = try readPassword()
                newCodes = [code]
            }
            let added = try perform { () throws(BuildError) in
                try ManifestEditor.edit(path: manifestPath) { editor throws(BuildError) in
                    try editor.add(newCodes, lockfile: try CodeQuery(manifestPath: manifestPath).lockfile)
                }
            }
            let query = try perform { () throws(BuildError) in try CodeQuery(manifestPath: manifestPath) }
            if json {
                print(query.json(added), terminator: "")
            } else {
                for code in added {
                    report.say("added \(code.id?.text ?? code.name ?? "code") \(query.manifest.redirectURL(of: code) ?? code.payload)")
                }
            }
        }
    }

    /// `qrbuild list`: the API's list, with cursor pagination.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List codes (the API's list, paginated).")
        @OptionGroup var manifest: ManifestOption
        @Option(help: "Codes per page, 1-100.") var limit = 25
        @Option(help: "Where to start: a nextCursor from an earlier page.") var cursor = "0"
        @Option(help: "Only this dataType.") var type: DataType?
        @Option(help: "Only active or inactive codes.") var status: Manifest.Status?
        @Flag(help: "{\"data\": [...], \"pagination\": {...}} as the API returns it.") var json = false

        func run() throws {
            let manifestPath = try manifest.path()
            guard (1...100).contains(limit) else { throw UserFacingError.usage("--limit must be 1-100 (got \(limit))") }
            guard let offset = Int(cursor), offset >= 0 else { throw UserFacingError.usage("--cursor must be a nextCursor value from an earlier page (got \"\(cursor)\")") }
            let query = try perform { () throws(BuildError) in try CodeQuery(manifestPath: manifestPath) }
            let page = query.list(limit: limit, cursor: offset, dataType: type, status: status)
            if json {
                print(query.json(page), terminator: "")
                return
            }
            for code in page.codes {
                let id = code.id?.text ?? "-"
                let shown = code.hidesDestination ? "(hidden)" : code.payload
                print([id.padding(toLength: 9, withPad: " ", startingAt: 0), code.type.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0),
                       code.dataType.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0), code.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0),
                       (code.name ?? "").padding(toLength: 20, withPad: " ", startingAt: 0), TerminalText.printable(shown)].joined(separator: " "))
            }
            let next = page.nextCursor.map { "; next page: --cursor \($0)" } ?? ""
            StandardStream.writeError("\(page.codes.count) of \(page.total) codes\(next)\n")
        }
    }
}

extension QRBuild {
    /// `qrbuild show ID`: the API's read.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one code.")
        @OptionGroup var manifest: ManifestOption
        @Argument(help: "The code's id.") var id: String
        @Flag(help: "The API's JSON object.") var json = false

        func run() throws {
            let manifestPath = try manifest.path()
            let query = try perform { () throws(BuildError) in try CodeQuery(manifestPath: manifestPath) }
            let editor = try perform { () throws(BuildError) in try ManifestEditor(path: manifestPath) }
            let code = try perform { () throws(BuildError) in try editor.code(withID: id).code }
            if json {
                print(query.json(code), terminator: "")
                return
            }
            for (label, value) in query.summary(of: code) {
                print(label.padding(toLength: 12, withPad: " ", startingAt: 0) + TerminalText.printable(value))
            }
        }
    }

    /// `qrbuild set-destination ID URL`: the API's update; the printed image never changes.
    struct SetDestination: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-destination",
            abstract: "Point a dynamic code at a new URL; its id and printed image stay the same.")
        @OptionGroup var manifest: ManifestOption
        @OptionGroup var report: OutputOptions
        @Argument(help: "The code's id.") var id: String
        @Argument(help: "The new destination (http or https).") var url: String

        func run() throws {
            let manifestPath = try manifest.path()
            let code = try perform { () throws(BuildError) in
                try ManifestEditor.edit(path: manifestPath) { editor throws(BuildError) in try editor.setDestination(id: id, to: url) }
            }
            report.say("\(code.id?.text ?? id) → \(code.payload)")
        }
    }

    /// `qrbuild activate ID` / `deactivate ID`.
    struct Activate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "activate", abstract: "Make a code redirect again.")
        @OptionGroup var manifest: ManifestOption
        @OptionGroup var report: OutputOptions
        @Argument(help: "The code's id.") var id: String

        func run() throws {
            report.say(try setStatus(.active, id: id, manifest: manifest.path()))
        }
    }

    struct Deactivate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deactivate", abstract: "Switch a code off (it answers 410 Gone); the id stays reserved.")
        @OptionGroup var manifest: ManifestOption
        @OptionGroup var report: OutputOptions
        @Argument(help: "The code's id.") var id: String

        func run() throws {
            report.say(try setStatus(.inactive, id: id, manifest: manifest.path()))
        }
    }

    /// `qrbuild image ID`: the API's printable image.
    struct Image: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "image", abstract: "Write one code's printable image (its returnType: png or svg).")
        @OptionGroup var manifest: ManifestOption
        @Argument(help: "The code's id.") var id: String
        @Option(name: [.short, .customLong("output")], help: "Write to this file; '-' or nothing for standard output (SVG only on a terminal).")
        var output: String?

        func run() throws {
            let manifestPath = try manifest.path()
            let query = try perform { () throws(BuildError) in try CodeQuery(manifestPath: manifestPath) }
            let editor = try perform { () throws(BuildError) in try ManifestEditor(path: manifestPath) }
            let code = try perform { () throws(BuildError) in try editor.code(withID: id).code }
            let bytes: [UInt8]
            do {
                bytes = try query.image(of: code)
            } catch {
                throw UserFacingError.data("\(error)")
            }
            guard let output, output != "-" else {
                if code.returnType == .png && StandardStream.outputIsTerminal {
                    throw UserFacingError.usage("refusing to write PNG bytes to a terminal; use -o FILE")
                }
                StandardStream.writeOutput(bytes)
                return
            }
            do {
                try AtomicFile.write(bytes, to: output)
            } catch {
                throw UserFacingError.io(error.description)
            }
        }
    }
}

/// Sets a code's status; returns the line that reports it.
private func setStatus(_ status: Manifest.Status, id: String, manifest: String) throws -> String {
    let code = try perform { () throws(BuildError) in
        try ManifestEditor.edit(path: manifest) { editor throws(BuildError) in try editor.setStatus(id: id, to: status) }
    }
    return "\(code.id?.text ?? id) is \(code.status.rawValue)"
}

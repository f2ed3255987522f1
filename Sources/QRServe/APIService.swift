import Crypto
import Foundation
import Hummingbird
import QRAnalytics
import QRBuildKit
import QRPayload
import QRLock

/// What the endpoints work on: the manifest (read fresh when it changes, edited under the
/// CLI's lock), the analytics store, and the build's output for images.
struct APIService: Sendable {
    let manifest: ManifestReader
    let storePath: String
    let outputPath: String?
    let clock: DayClock
    let images = ImageMemo()
    /// Set by `--git-commit`.
    var committer: GitCommitter?

    // MARK: Reads

    /// The current manifest and the code with `id` (ignoring case); 404 if there is none.
    func lookup(_ id: String, fresh: Bool = false) throws(APIProblem) -> (query: CodeQuery, code: Manifest.Code) {
        let found: (query: CodeQuery, code: Manifest.Code?)
        do {
            found = try manifest.lookup(id, fresh: fresh)
        } catch {
            throw APIProblem(.internalServerError, "the manifest cannot be read: \(error.description)")
        }
        guard let code = found.code else {
            let hint = NameSuggestion.hint(for: id, among: found.query.manifest.codes.compactMap { $0.id?.text })
            throw APIProblem(.notFound, "no code has the id \"\(id)\"\(hint)")
        }
        return (found.query, code)
    }

    func query() throws(APIProblem) -> CodeQuery {
        do {
            return try manifest.query()
        } catch {
            throw APIProblem(.internalServerError, "the manifest cannot be read: \(error.description)")
        }
    }

    /// `GET /api/qr/codes`: a page of codes, as `qrbuild list --json`.
    func list(_ parameters: Parameters) throws(APIProblem) -> String {
        let limitText = parameters.get("limit") ?? "25"
        guard let limit = Int(limitText), (1...100).contains(limit) else {
            throw APIProblem(.badRequest, "limit must be 1-100 (got \"\(limitText)\")", invalid: [.init(pointer: "/limit", detail: "must be 1-100")])
        }
        let cursorText = parameters.get("cursor") ?? "0"
        guard let cursor = Int(cursorText), cursor >= 0 else {
            throw APIProblem(.badRequest, "cursor must be a nextCursor value from an earlier page (got \"\(cursorText)\")",
                             invalid: [.init(pointer: "/cursor", detail: "must be a nextCursor value")])
        }
        var dataType: DataType?
        if let text = parameters.get("type") {
            guard let type = DataType(rawValue: text) else {
                let names = DataType.allCases.map(\.rawValue)
                throw APIProblem(.badRequest, "type \"\(text)\" is not one of \(names.joined(separator: ", "))\(NameSuggestion.hint(for: text, among: names))",
                                 invalid: [.init(pointer: "/type", detail: "not a dataType")])
            }
            dataType = type
        }
        var status: Manifest.Status?
        if let text = parameters.get("status") {
            guard let value = Manifest.Status(rawValue: text) else {
                throw APIProblem(.badRequest, "status \"\(text)\" is not one of active, inactive", invalid: [.init(pointer: "/status", detail: "active or inactive")])
            }
            status = value
        }
        let query = try query()
        return query.json(query.list(limit: limit, cursor: cursor, dataType: dataType, status: status))
    }

    /// `GET /api/qr/codes/{id}/analytics?days=`: as `qrbuild analytics ID --json`; a code no
    /// log has named yet (or no store yet) gets the zero-filled series.
    func analytics(_ id: String, _ parameters: Parameters) throws(APIProblem) -> String {
        let daysText = parameters.get("days") ?? "30"
        guard let days = Int(daysText), (1...90).contains(days) else {
            throw APIProblem(.badRequest, "days must be 1-90 (got \"\(daysText)\")", invalid: [.init(pointer: "/days", detail: "must be 1-90")])
        }
        let code = try lookup(id).code
        guard code.type == .dynamic, let known = code.id?.text else {
            throw APIProblem(.notFound, "\(id) is a static code: static codes have no analytics")
        }
        let lastDay = clock.today()
        guard FileManager.default.fileExists(atPath: storePath) else {
            return CodeAnalytics.empty(id: known, days: days, lastDay: lastDay).json
        }
        do {
            var result = try AnalyticsStore(path: storePath).analytics(id: known, days: days, lastDay: lastDay)
            if code.routing.choosesAtScan { result.routeTargets = code.routing.targets(data: code.payload) }
            return result.json
        } catch {
            throw APIProblem(.internalServerError, "the analytics store cannot be read: \(error.description)")
        }
    }

    /// `GET /api/qr/codes/{id}/image`: the build's file when the lockfile says it shows the
    /// code as it is now, else drawn as the build draws it; either way kept in memory by
    /// appearance, so a popular image is read or drawn once.
    func image(_ id: String) throws(APIProblem) -> (bytes: [UInt8], contentType: String) {
        let (query, code) = try lookup(id)
        let contentType = switch code.returnType {
        case .png: "image/png"
        case .svg: "image/svg+xml"
        case .pdf: "application/pdf"
        case .eps: "application/postscript"
        }
        let key = query.appearance(of: code)
        if let cached = images.get(key) { return (cached, contentType) }
        var bytes: [UInt8]?
        if let outputPath, query.builtImageIsCurrent(code) {
            bytes = FileManager.default.contents(atPath: outputPath + "/images/" + code.fileName).map(Array.init)
        }
        if bytes == nil {
            do {
                bytes = try query.image(of: code)
            } catch {
                throw APIProblem(.internalServerError, "the image of \(id) cannot be drawn: \(error)")
            }
        }
        let image = bytes ?? []
        images.set(key, image)
        return (image, contentType)
    }

    // MARK: Writes

    /// `PUT /api/qr/codes/{id}` with `{"destination": …}`.
    func setDestination(_ id: String, body: [UInt8], author: String) throws(APIProblem) -> String {
        let object = try RequestBody.object(body, allowed: ["destination"])
        guard let destination = object["destination"] else {
            throw APIProblem(.badRequest, "destination is required", invalid: [.init(pointer: "/destination", detail: "required")])
        }
        guard case .string(let url) = destination else {
            throw APIProblem(.badRequest, "destination must be a string (a URL)", invalid: [.init(pointer: "/destination", detail: "must be a string")])
        }
        _ = try lookup(id, fresh: true)
        do throws(BuildError) {
            let edited = try manifest.edit(afterSave: { (code: Manifest.Code) in
                commit("api: \(code.id?.text ?? id) now goes to \(code.payload)", author: author)
            }) { editor throws(BuildError) in
                try editor.setDestination(id: id, to: url)
            }
            return edited.query.json(edited.result)
        } catch {
            guard case .invalidManifest(let errors) = error else { throw APIProblem.from(error) }
            throw APIProblem(.badRequest, errors.issues.map(\.message).joined(separator: "; "),
                             invalid: errors.issues.map { .init(pointer: "/destination", detail: $0.message) })
        }
    }

    /// `POST /api/qr/codes`: one dynamic code added to the manifest.
    func create(body: [UInt8], author: String) throws(APIProblem) -> (json: String, id: String) {
        let new = try RequestBody.newCode(body)
        // The new code's place in the manifest, so that its issues point into the body.
        var position = 0
        do {
            let lockfile = try query().lockfile
            let edited = try manifest.edit(afterSave: { (added: [Manifest.Code]) in
                let code = added.first
                commit("api: add \(code?.id?.text ?? "a code")\(code?.name.map { " (\($0))" } ?? "") going to \(code?.payload ?? "")", author: author)
            }) { editor throws(BuildError) in
                position = editor.manifest.codes.count
                return try editor.add([new], lockfile: lockfile)
            }
            guard let code = edited.result.first, let id = code.id?.text else { throw APIProblem(.internalServerError, "the code was not added") }
            return (JSONWriter.pretty(Self.stamped(edited.query.object(for: code))), id)
        } catch let error as BuildError {
            throw APIProblem.from(error, newCodes: position..<(position + 1))
        } catch let problem as APIProblem {
            throw problem
        } catch {
            throw APIProblem(.internalServerError, "\(error)")
        }
    }

    /// `POST /api/qr/codes/bulk`: up to 1,000 codes, each checked, added in one edit (all
    /// or none); their images are then drawn by a bulk job.
    func createMany(body: [UInt8], jobs: BulkJobs, author: String) throws(APIProblem) -> BulkJob {
        guard case .array(let items) = try RequestBody.parse(body) else {
            throw APIProblem.invalid([.init(pointer: "", detail: "must be a JSON array of codes")])
        }
        guard (1...Self.bulkLimit).contains(items.count) else {
            throw APIProblem.invalid([.init(pointer: "", detail: "must hold 1 to \(Self.bulkLimit) codes (got \(items.count))")])
        }
        var codes: [NewCode] = []
        var invalid: [APIProblem.Invalid] = []
        for (index, item) in items.enumerated() {
            guard case .object(let members) = item else {
                invalid.append(.init(pointer: "/\(index)", detail: "must be a JSON object"))
                continue
            }
            invalid += RequestBody.keyProblems(members, allowed: RequestBody.codeKeys, at: "/\(index)")
            do {
                codes.append(try RequestBody.newCode(item, pointer: "/\(index)"))
            } catch {
                invalid += error.invalid
            }
        }
        guard invalid.isEmpty else { throw APIProblem.invalid(invalid) }
        var position = 0
        let added: [Manifest.Code]
        do {
            let lockfile = try manifest.query().lockfile
            added = try manifest.edit(afterSave: { (added: [Manifest.Code]) in
                commit("api: add \(added.count) codes (bulk create)", author: author)
            }) { editor throws(BuildError) in
                position = editor.manifest.codes.count
                return try editor.add(codes, lockfile: lockfile)
            }.result
        } catch {
            throw APIProblem.from(error, newCodes: position..<(position + codes.count), bulk: true)
        }
        do {
            return try jobs.submit(codes: added.compactMap { $0.id?.text }, now: Int(Date().timeIntervalSince1970))
        } catch {
            throw APIProblem(.internalServerError, "the bulk job cannot be recorded: \(error)")
        }
    }

    static let bulkLimit = 1000

    /// With `--git-commit`, the manifest as just saved, committed as `author`.
    private func commit(_ message: String, author: String) {
        guard let committer else { return }
        if let problem = committer.commit(message, author: author, paths: [manifest.manifestPath]) {
            FileHandle.standardError.write(Data("qrbuild: git commit failed: \(problem.trimmingCharacters(in: .whitespacesAndNewlines))\n".utf8))
        }
    }

    /// A new code's object with `createdAt` and `updatedAt` set to now: the lockfile
    /// records them when the rebuild that follows publishes the code.
    static func stamped(_ object: FieldValue) -> FieldValue {
        guard case .object(let members) = object else { return object }
        let now = FieldValue.string(Timestamp.string(fromSeconds: Int(Date().timeIntervalSince1970)))
        return .object(members.map { member in
            (member.name == "createdAt" || member.name == "updatedAt") && member.value == .null ? .init(member.name, now) : member
        })
    }

    /// A strong validator for `bytes`.
    static func etag(_ bytes: [UInt8]) -> String {
        "\"" + APIKey.hex(SHA256.hash(data: bytes).prefix(16)) + "\""
    }
}

/// Images by appearance hash, a few thousand at most (emptied when full: simple, and a
/// refill costs one read or drawing per image).
final class ImageMemo: Sendable {
    private let table = Locked<[String: [UInt8]]>([:])
    static let capacity = 4096

    func get(_ key: String) -> [UInt8]? { table.withLock { $0[key] } }

    func set(_ key: String, _ bytes: [UInt8]) {
        table.withLock { table in
            if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
            table[key] = bytes
        }
    }
}

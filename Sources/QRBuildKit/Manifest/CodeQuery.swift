import Foundation
import QRPayload

/// The API's read verbs on a manifest: list (with cursor pagination) and show.
public struct CodeQuery: Sendable {
    public let manifest: Manifest
    public let lockfile: Lockfile

    public init(manifestPath: String) throws(BuildError) {
        manifest = try Builder.loadManifest(manifestPath)
        let options = BuildOptions(manifestPath: manifestPath, outputPath: "")
        do {
            lockfile = try Lockfile.load(from: options.lockfilePath)
        } catch {
            throw .invalidManifest(error)
        }
    }

    /// A query over a manifest and lockfile already read.
    public init(manifest: Manifest, lockfile: Lockfile) {
        self.manifest = manifest
        self.lockfile = lockfile
    }

    /// One page of codes, filtered, as `{"data": […], "pagination": {…}}`.
    public struct Page {
        public let codes: [Manifest.Code]
        public let total: Int
        public let limit: Int
        public let cursor: Int
        public let nextCursor: Int?
    }

    /// Codes matching the filters, `limit` of them from `cursor` (an offset, as a string in JSON).
    public func list(limit: Int, cursor: Int, dataType: DataType?, status: Manifest.Status?) -> Page {
        let matching = manifest.codes.filter { code in
            (dataType == nil || code.dataType == dataType) && (status == nil || code.status == status)
        }
        let start = min(cursor, matching.count)
        let end = min(start + limit, matching.count)
        return Page(codes: Array(matching[start..<end]), total: matching.count, limit: limit, cursor: start,
                    nextCursor: end < matching.count ? end : nil)
    }

    public func object(for code: Manifest.Code) -> FieldValue {
        CodeObject.make(code, manifest: manifest, lock: code.id.flatMap { lockfile.entries[$0.key] })
    }

    public func json(_ page: Page) -> String {
        JSONWriter.pretty(.object([
            .init("data", .array(page.codes.map(object))),
            .init("pagination", .object([
                .init("total", .number("\(page.total)")), .init("limit", .number("\(page.limit)")),
                .init("cursor", .string("\(page.cursor)")), .init("nextCursor", .optional(page.nextCursor.map { "\($0)" })),
            ])),
        ]))
    }

    public func json(_ code: Manifest.Code) -> String { JSONWriter.pretty(object(for: code)) }

    /// The API object's fields as label/value lines for people; `null` fields left out.
    public func summary(of code: Manifest.Code) -> [(String, String)] {
        guard case .object(let members) = object(for: code) else { return [] }
        let routingKeys = Set(code.routing.members.map { "\($0.name)" })
        return members.filter { !routingKeys.contains($0.name) }.compactMap { member -> (String, String)? in
            switch member.value {
            case .null: nil
            case .string(let text): (member.name, text)
            case .bool(let flag): (member.name, flag ? "yes" : "no")
            case .number(let text): (member.name, text)
            case .array(let items):
                (member.name, items.compactMap { if case .string(let text) = $0 { text } else { nil } }.joined(separator: ", "))
            case .object: nil
            }
        } + code.routing.summaryLines
    }

    /// Several codes as a JSON array of API objects.
    public func json(_ codes: [Manifest.Code]) -> String { JSONWriter.pretty(.array(codes.map(object))) }

    /// What decides `code`'s image (its appearance hash): equal hashes, equal bytes.
    public func appearance(of code: Manifest.Code) -> String {
        BuildPlan.appearanceHash(of: code, in: manifest)
    }

    /// Whether the last build drew `code` as it looks now (the lockfile's record of it
    /// has its appearance), so that build's image file can be served as it is.
    public func builtImageIsCurrent(_ code: Manifest.Code) -> Bool {
        guard let id = code.id, let entry = lockfile.entries[id.key] else { return false }
        return entry.appearance == appearance(of: code)
    }

    /// The image of `code`, as the build would write it.
    public func image(of code: Manifest.Code) throws -> [UInt8] {
        try CodeRenderer.render(code, in: manifest)
    }
}

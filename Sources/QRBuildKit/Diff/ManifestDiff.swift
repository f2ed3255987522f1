import QRPayload
import QRRender

/// What a change to the manifest does, as a reviewer of a pull request asks it: codes
/// added and removed, destinations, statuses and tags changed, and the codes whose
/// printed image would change (reprints), each with the reason.
public struct ManifestDiff: Sendable, Equatable {
    /// A code as the diff names it: its id (nil for a static code) and name.
    public struct CodeName: Sendable, Equatable {
        public let id: String?
        public let name: String?
    }

    public struct Removal: Sendable, Equatable {
        public let code: CodeName
        /// True if the lockfile says the id was published: removing it fails the build.
        public let published: Bool
    }

    public struct Change: Sendable, Equatable {
        public let code: CodeName
        public let from: String
        public let to: String
    }

    public struct TagChange: Sendable, Equatable {
        public let code: CodeName
        public let added: [String]
        public let removed: [String]
    }

    public struct Reprint: Sendable, Equatable {
        public let code: CodeName
        public let reason: String
    }

    public var added: [CodeName] = []
    public var removed: [Removal] = []
    public var destinationChanged: [Change] = []
    public var statusChanged: [Change] = []
    public var tagsChanged: [TagChange] = []
    public var reprints: [Reprint] = []

    /// Shown in place of a destination the manifest keeps secret.
    public static let hidden = "(hidden)"

    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && destinationChanged.isEmpty && statusChanged.isEmpty && tagsChanged.isEmpty && reprints.isEmpty
    }

    /// Published ids removed: the build refuses them whatever the flags.
    public var removesPublished: Bool { removed.contains { $0.published } }

    /// Compares `head` with `base` (nil: the manifest is new), code by code: dynamic codes
    /// by id, static ones by name, ignoring case as the manifest does.
    ///
    /// Complexity: O(n) dictionary operations for n codes in both.
    public init(base: Manifest?, head: Manifest, lockfile: Lockfile?) {
        var before: [String: Manifest.Code] = [:]
        before.reserveCapacity(base?.codes.count ?? 0)
        for code in base?.codes ?? [] { before[Self.key(of: code)] = code }
        var seen = Set<String>()
        seen.reserveCapacity(head.codes.count)
        for code in head.codes {
            let key = Self.key(of: code)
            seen.insert(key)
            let name = CodeName(id: code.type == .dynamic ? code.id?.text : nil, name: code.name)
            guard let base, let old = before[key] else {
                added.append(name)
                continue
            }
            if code.type == .dynamic, code.payload != old.payload || code.dataType != old.dataType {
                destinationChanged.append(Change(code: name, from: Self.shown(old), to: Self.shown(code)))
            }
            if code.status != old.status {
                statusChanged.append(Change(code: name, from: old.status.rawValue, to: code.status.rawValue))
            }
            let newTags = Set(code.tags), oldTags = Set(old.tags)
            if newTags != oldTags {
                tagsChanged.append(TagChange(code: name, added: code.tags.filter { !oldTags.contains($0) },
                                             removed: old.tags.filter { !newTags.contains($0) }))
            }
            if let reason = Self.reprintReason(old: old, in: base, new: code, in: head) {
                reprints.append(Reprint(code: name, reason: reason))
            }
        }
        for code in base?.codes ?? [] where !seen.contains(Self.key(of: code)) {
            let published = code.type == .dynamic && code.id.map { lockfile?.entries[$0.key] != nil } == true
            removed.append(Removal(code: CodeName(id: code.type == .dynamic ? code.id?.text : nil, name: code.name), published: published))
        }
    }

    private static func key(of code: Manifest.Code) -> String {
        if code.type == .dynamic, let id = code.id { return "id " + id.key }
        return "name " + (code.name ?? "#\(code.index)").lowercased()
    }

    /// A destination as a diff may show it.
    private static func shown(_ code: Manifest.Code) -> String {
        code.hidesDestination ? hidden : code.payload
    }

    private static func colour(_ colour: RGBAColor) -> String {
        let alpha = String(colour.alpha, radix: 16)
        return colour.isOpaque ? colour.hexRGB : colour.hexRGB + (alpha.count == 1 ? "0" + alpha : alpha)
    }

    /// Why the printed image changes, or nil if it does not: the first difference among
    /// what `BuildPlan.appearanceHash` covers, in words.
    static func reprintReason(old: Manifest.Code, in base: Manifest, new: Manifest.Code, in head: Manifest) -> String? {
        let oldText = base.encodedText(of: old), newText = head.encodedText(of: new)
        if oldText != newText {
            if new.type != old.type { return "type \(old.type.rawValue) → \(new.type.rawValue)" }
            return new.type == .static ? "its data changed (a static code encodes it)" : "redirect.base changed: \(oldText) → \(newText)"
        }
        let (a, b) = (old.style, new.style)
        if a.errorCorrection != b.errorCorrection {
            return "error correction \(a.errorCorrection.letter) → \(b.errorCorrection.letter)"
        }
        if a.margin != b.margin { return "margin \(a.margin) → \(b.margin)" }
        if a.foreground != b.foreground { return "foreground \(colour(a.foreground)) → \(colour(b.foreground))" }
        if a.background != b.background { return "background \(colour(a.background)) → \(colour(b.background))" }
        if a.scale != b.scale { return "scale \(a.scale) → \(b.scale)" }
        if old.returnType != new.returnType { return "return type \(old.returnType.rawValue) → \(new.returnType.rawValue)" }
        if a.shapes.shape != b.shapes.shape { return "shape \(a.shapes.shape.rawValue) → \(b.shapes.shape.rawValue)" }
        if a.shapes.finder != b.shapes.finder { return "finder style changed" }
        if a.shapes.gradient != b.shapes.gradient { return "gradient changed" }
        if a.shapes.logo != b.shapes.logo { return b.shapes.logo == nil ? "logo removed" : a.shapes.logo == nil ? "logo added" : "logo changed" }
        if a.shapes.frame != b.shapes.frame { return b.shapes.frame == nil ? "frame removed" : a.shapes.frame == nil ? "frame added" : "frame changed" }
        return nil
    }
}

import Foundation
import QRPayload

/// Edits a manifest's text in place: only the bytes of the value that changes are
/// replaced, so formatting, key order and comments-by-convention stay as the team wrote
/// them and a destination change is a one-line diff.
public struct ManifestEditor {
    public let path: String
    public private(set) var bytes: [UInt8]
    public private(set) var document: JSONNode
    public private(set) var manifest: Manifest

    /// Loads and validates the manifest at `path`.
    public init(path: String) throws(BuildError) {
        self.path = path
        guard let read = StagingFile.read(path) else {
            throw .io("cannot read the manifest \(path): \(StagingFile.readFailure())")
        }
        bytes = read
        do {
            (manifest, document) = try ManifestDecoder.decode(bytes, file: PathName.name(of: path))
        } catch {
            throw .invalidManifest(error)
        }
    }

    /// The code with `id` (ignoring case) and its JSON node.
    public func code(withID id: String) throws(BuildError) -> (code: Manifest.Code, node: JSONNode) {
        let key = id.lowercased()
        guard let code = manifest.codes.first(where: { $0.id?.key == key }),
              let node = document["codes"]?.elements?[code.index] else {
            let hint = NameSuggestion.hint(for: id, among: manifest.codes.compactMap { $0.id?.text })
            throw .invalidManifest(ManifestErrors(file: path, issues: [ManifestIssue(path: "", location: nil, message: "no code has the id \"\(id)\"\(hint)")]))
        }
        return (code, node)
    }

    /// Sets `key` of the object `node` to `value` (JSON text): replaces the value when the
    /// key is there, else adds the member after the last one, in the object's own style.
    public mutating func set(_ key: String, to value: String, in node: JSONNode) throws(BuildError) {
        try setMany([(key, value)], in: node)
    }

    /// Sets several members of one object in a single validated edit (one at a time could
    /// pass through an invalid state): each replaces its value, or is added after the last
    /// member in the object's own style. `node` is the object as it is now.
    mutating func setMany(_ changes: [(key: String, value: String)], in node: JSONNode) throws(BuildError) {
        var text = bytes
        // Apply from the end of the file backwards, so earlier offsets stay valid.
        var edits: [(range: Range<Int>, text: String)] = []
        var appended: [String] = []
        for change in changes {
            if let member = node.members?.first(where: { $0.name == change.key }) {
                edits.append((member.value.byteRange, change.value))
            } else {
                appended.append("\(JSONText.quoted(change.key)): \(change.value)")
            }
        }
        if !appended.isEmpty {
            if let last = node.members?.last {
                let separator = last.nameLocation.line == node.location.line ? ", " : ",\n" + indentation(ofLineAt: last.nameLocation.offset)
                let end = last.value.byteRange.upperBound
                edits.append((end..<end, appended.map { separator + $0 }.joined()))
            } else {
                // `{}`: write the members between the braces.
                edits.append((node.byteRange, "{ " + appended.joined(separator: ", ") + " }"))
            }
        }
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            text.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        do {
            (manifest, document) = try ManifestDecoder.decode(text, file: PathName.name(of: path))
        } catch {
            throw .invalidManifest(error)
        }
        bytes = text
    }

    /// Appends a code (`makeText` gives its JSON text for an indentation) to `codes`.
    public mutating func appendCode(_ makeText: @escaping (String) -> String) throws(BuildError) {
        try appendCodes([makeText])
    }

    /// Appends codes to `codes` in one edit: the manifest is checked once, whatever their
    /// number (a bulk create of 1,000 codes is one decode, not 1,000).
    mutating func appendCodes(_ makeTexts: [(String) -> String]) throws(BuildError) {
        guard !makeTexts.isEmpty else { return }
        guard let codes = document["codes"], let elements = codes.elements else {
            throw .io("the manifest has no codes list to add to")
        }
        if let last = elements.last {
            let indent = indentation(ofLineAt: last.byteRange.lowerBound)
            let text = makeTexts.map { ",\n" + indent + $0(indent) }.joined()
            try splice(last.byteRange.upperBound..<last.byteRange.upperBound, with: text)
        } else {
            let outer = indentation(ofLineAt: codes.byteRange.lowerBound)
            let indent = outer + "  "
            try splice(codes.byteRange, with: "[\n" + makeTexts.map { indent + $0(indent) }.joined(separator: ",\n") + "\n" + outer + "]")
        }
    }

    /// Writes the edited manifest atomically.
    public func save() throws(BuildError) {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw .io(error.description)
        }
    }

    /// Replaces `range` and re-decodes, so an edit can never leave an invalid manifest.
    mutating func splice(_ range: Range<Int>, with text: String) throws(BuildError) {
        var edited = bytes
        edited.replaceSubrange(range, with: Array(text.utf8))
        do {
            (manifest, document) = try ManifestDecoder.decode(edited, file: PathName.name(of: path))
        } catch {
            throw .invalidManifest(error)
        }
        bytes = edited
    }

    /// The spaces and tabs that start the line holding `offset`.
    func indentation(ofLineAt offset: Int) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

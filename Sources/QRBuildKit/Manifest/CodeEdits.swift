import Crypto
import Foundation
import QRPayload

/// A code to add: what `qrbuild add` takes from flags or from one CSV row.
public struct NewCode: Sendable {
    public var id: String?
    public var name: String?
    public var type: Manifest.CodeType?
    public var dataType: DataType?
    public var data: FieldValue
    public var returnType: Manifest.ReturnType?
    public var status: Manifest.Status?
    public var tags: [String] = []
    public var secure: [Manifest.SecureFlag] = []
    /// The manifest's style keys (the API's styling fields), as given.
    public var style: FieldValue?
    /// Seal the destination under this password (for the unlock page); it is never stored.
    public var password: String?

    public init(data: FieldValue) {
        self.data = data
    }

    /// The code as manifest JSON, keys in the manifest's usual order.
    func json(id: String?) -> FieldValue {
        var members: [FieldValue.Member] = []
        if let id { members.append(.init("id", .string(id))) }
        if let name { members.append(.init("name", .string(name))) }
        if let type { members.append(.init("type", .string(type.rawValue))) }
        if let dataType { members.append(.init("dataType", .string(dataType.rawValue))) }
        members.append(.init("data", data))
        if let returnType { members.append(.init("returnType", .string(returnType.rawValue))) }
        if let style { members.append(.init("style", style)) }
        if let status { members.append(.init("status", .string(status.rawValue))) }
        if !tags.isEmpty { members.append(.init("tags", .array(tags.map(FieldValue.string)))) }
        if !secure.isEmpty { members.append(.init("secure", .array(secure.map { .string($0.rawValue) }))) }
        return .object(members)
    }
}

extension ManifestEditor {
    /// `set-destination`: a dynamic url code's destination. Its id and image stay as they are.
    public mutating func setDestination(id: String, to url: String) throws(BuildError) -> Manifest.Code {
        let (code, node) = try code(withID: id)
        if let flag = code.secure.first {
            let why: String = switch flag {
            case .locked: "it is locked for compliance: its destination is frozen"
            case .password: "it is password-protected: its destination is encrypted for the unlock page"
            case .encrypted: "it is encrypted: its destination is stored as ciphertext"
            }
            throw .conflicts(["\(code.id?.text ?? id): \(why). Change it in a reviewed edit of the manifest instead (for a locked code, remove \"locked\" first)"])
        }
        guard code.dataType == .url else {
            throw .conflicts(["\(code.id?.text ?? id) is a \(code.dataType.rawValue) code; its data is not a URL. Edit its data in the manifest"])
        }
        let normalized = try normalizedURL(url, named: "URL")
        try set("data", to: JSONText.quoted(normalized), in: node)
        return try self.code(withID: id).code
    }

    /// `url` normalised as `data` is; a bad one is an error about the argument `name`.
    func normalizedURL(_ url: String, named name: String) throws(BuildError) -> String {
        do {
            return try WebURL.normalize(url)
        } catch {
            throw .invalidManifest(ManifestErrors(file: path, issues: [ManifestIssue(path: name, location: nil, message: error.message)]))
        }
    }

    /// `encrypt`: a dynamic url code's destination replaced by its ciphertext under `key`,
    /// and `"encrypted"` added to its `secure` list.
    public mutating func encrypt(id: String, key: SymmetricKey) throws(BuildError) -> Manifest.Code {
        let (code, node) = try code(withID: id)
        guard code.type == .dynamic, code.dataType == .url else {
            throw .conflicts(["\(code.id?.text ?? id) is not a dynamic url code; only those can be encrypted"])
        }
        guard !code.secure.contains(.encrypted) else {
            throw .conflicts(["\(code.id?.text ?? id) is encrypted already"])
        }
        let ciphertext: String
        do {
            ciphertext = try DestinationCipher.encrypt(code.payload, key: key)
        } catch {
            throw .io(error.description)
        }
        let flags = (code.secure + [.encrypted]).map { JSONText.quoted($0.rawValue) }.joined(separator: ", ")
        // Secure first: the decoder then reads the new data as ciphertext.
        try setMany([("secure", "[\(flags)]"), ("data", JSONText.quoted(ciphertext))], in: node)
        return try self.code(withID: id).code
    }

    /// `activate` / `deactivate`.
    public mutating func setStatus(id: String, to status: Manifest.Status) throws(BuildError) -> Manifest.Code {
        let (code, node) = try code(withID: id)
        guard code.status != status else { return code }
        try set("status", to: JSONText.quoted(status.rawValue), in: node)
        return try self.code(withID: id).code
    }

    /// `add`: appends codes, giving dynamic ones fresh ids; returns them as decoded.
    /// Ids already in the manifest or ever published (the lockfile) are never handed out.
    public mutating func add(_ newCodes: [NewCode], lockfile: Lockfile) throws(BuildError) -> [Manifest.Code] {
        var taken = Set(manifest.codes.compactMap { $0.id?.key }).union(lockfile.entries.keys)
        var ids: [String] = []
        var texts: [(String) -> String] = []
        for new in newCodes {
            var id = new.id
            if id == nil && (new.type ?? .dynamic) == .dynamic {
                id = CodeID.generate(avoiding: taken).text
            }
            if let id {
                taken.insert(id.lowercased())
                ids.append(id.lowercased())
            }
            var sealed = new
            if let password = new.password {
                guard case .string(let destination) = new.data, (new.dataType ?? .url) == .url else {
                    throw .invalidManifest(ManifestErrors(file: "command line", issues: [ManifestIssue(path: "--password-file", location: nil, message: "only url codes can be password-protected")]))
                }
                do {
                    let normalized = try WebURL.normalize(destination)
                    sealed.data = .string(try PasswordSeal.seal(normalized, password: password).text)
                } catch let error as PayloadError {
                    throw .invalidManifest(ManifestErrors(file: "command line", issues: [ManifestIssue(path: "--data", location: nil, message: error.message)]))
                } catch {
                    throw .io("\(error)")
                }
                if !sealed.secure.contains(.password) { sealed.secure.append(.password) }
            }
            let object = sealed.json(id: id)
            texts.append { indent in
                JSONWriter.pretty(object).dropLast().replacingOccurrences(of: "\n", with: "\n" + indent)
            }
        }
        try appendCodes(texts)
        let added = manifest.codes.suffix(newCodes.count)
        return Array(added)
    }
}

extension NewCode {
    /// `--data` as the manifest holds it: the string itself for url and text, a parsed
    /// JSON object for the structured types.
    public static func data(_ text: String, as dataType: DataType?) throws(BuildError) -> FieldValue {
        guard let dataType, !dataType.takesString else { return .string(text) }
        do {
            return try JSONReader.parse(Array(text.utf8)).fieldValue
        } catch {
            let issue = ManifestIssue(path: "--data", location: nil, message: "a \(dataType.rawValue) code's data is a JSON object of fields: \(error)")
            throw .invalidManifest(ManifestErrors(file: "command line", issues: [issue]))
        }
    }
}

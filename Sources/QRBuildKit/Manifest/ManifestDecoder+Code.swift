import QRPayload

extension ManifestDecoder {
    /// One entry of `codes` with the defaults merged in; `nil` when it has errors (reported).
    static func decodeCode(_ node: JSONNode, index: Int, defaults: Defaults, context: inout DecodingContext) -> Manifest.Code? {
        let path = "codes[\(index)]"
        guard let fields = context.object(node, path: path, allowed: codeKeys) else { return nil }
        let before = context.issues.count
        let type = context.choice(fields["type"], path: "\(path).type", as: Manifest.CodeType.self) ?? defaults.type ?? .dynamic
        let declaredType = context.choice(fields["dataType"], path: "\(path).dataType", as: DataType.self)
        // An unknown dataType is reported once; checking the data against a guess would only add noise.
        let dataTypeIsKnown = fields["dataType"] == nil || declaredType != nil
        let dataType = declaredType ?? defaults.dataType ?? .url
        let returnType = context.choice(fields["returnType"], path: "\(path).returnType", as: Manifest.ReturnType.self)
            ?? defaults.returnType ?? .svg
        let status = context.choice(fields["status"], path: "\(path).status", as: Manifest.Status.self) ?? defaults.status ?? .active
        // A code's style keys override the defaults' one by one.
        let style = fields["style"].map { decodeStyle($0, over: defaults.style, path: "\(path).style", context: &context) } ?? defaults.style
        let ownTags = context.strings(fields["tags"], path: "\(path).tags", validate: Names.problem(withTag:)) ?? []
        let tags = defaults.tags + ownTags.filter { !defaults.tags.contains($0) }
        let secure = decodeSecure(fields["secure"], path: "\(path).secure", type: type, context: &context)

        var id: CodeID?
        if let idNode = fields["id"], let text = context.string(idNode, path: "\(path).id") {
            if type == .static {
                context.report("\(path).id", at: idNode.location, "a static code has no id (it encodes its payload and is not in the redirect map); remove the id or make the code dynamic")
            } else {
                do {
                    id = try CodeID(validating: text)
                } catch {
                    context.report("\(path).id", at: idNode.location, error.message)
                }
            }
        } else if type == .dynamic && fields["id"] == nil {
            context.report("\(path).id", at: node.location, "required for a dynamic code: builds never invent ids; add the code with `qrbuild add` or write an id by hand")
        }
        var name: String?
        if let nameNode = fields["name"], let text = context.string(nameNode, path: "\(path).name") {
            if let problem = Names.problem(withName: text) {
                context.report("\(path).name", at: nameNode.location, problem)
            } else {
                name = text
            }
        } else if type == .static && fields["name"] == nil {
            context.report("\(path).name", at: node.location, "required for a static code: it names the image file (images/<name>.\(returnType.rawValue))")
        }
        if dataType == .wifi && type == .dynamic {
            let place = fields["type"] ?? fields["dataType"] ?? node
            context.report("\(path).type", at: place.location, "a wifi code must be static: a phone needs the network's credentials in the code itself; add \"type\": \"static\"")
        }
        var payload = ""
        if let dataNode = fields["data"], dataTypeIsKnown, secure.contains(.password) {
            // Sealed under a password: only the visitor's browser can open it.
            if dataType != .url || secure.contains(.encrypted) {
                context.report("\(path).secure", at: node.location, "only url codes can be password-protected, and not also encrypted")
            } else if let text = dataNode.stringValue, PasswordSeal(parsing: text) != nil {
                payload = text
            } else {
                context.report("\(path).data", at: dataNode.location, "a password-protected code's data must be sealed by `qrbuild add --password-file`, never the plain URL")
            }
        } else if let dataNode = fields["data"], dataTypeIsKnown, secure.contains(.encrypted) {
            // Ciphertext: checked for shape here, opened by the build with the key.
            if dataType != .url {
                context.report("\(path).secure", at: node.location, "only url codes can be encrypted")
            } else if let text = dataNode.stringValue, DestinationCipher.looksEncrypted(text) {
                payload = text
            } else {
                context.report("\(path).data", at: dataNode.location, "an encrypted code's data must be ciphertext made by `qrbuild encrypt`, never the plain URL")
            }
        } else if let dataNode = fields["data"], dataTypeIsKnown {
            do {
                payload = try Payload.make(dataType, data: dataNode.fieldValue)
            } catch {
                context.report(error, under: "\(path).data", data: dataNode)
            }
        } else if fields["data"] == nil {
            context.report("\(path).data", at: node.location, "required: the \(type == .dynamic ? "destination" : "content") of the code")
        }
        guard context.issues.count == before else { return nil }
        return Manifest.Code(index: index, id: id, name: name, type: type, dataType: dataType, payload: payload,
                             returnType: returnType, style: style, status: status, tags: tags, secure: secure)
    }

    private static func decodeSecure(_ node: JSONNode?, path: String, type: Manifest.CodeType, context: inout DecodingContext) -> [Manifest.SecureFlag] {
        guard let node else { return [] }
        var flags: [Manifest.SecureFlag] = []
        guard let elements = node.elements else {
            context.report(path, at: node.location, "must be a list such as [\"locked\"], not a \(node.typeName)")
            return []
        }
        for (index, element) in elements.enumerated() {
            guard let flag = context.choice(element, path: "\(path)[\(index)]", as: Manifest.SecureFlag.self) else { continue }
            if !flags.contains(flag) {
                flags.append(flag)
            }
        }
        if type == .static && !flags.isEmpty {
            context.report(path, at: node.location, "a static code encodes its payload directly, so it cannot be locked or protected; remove secure or make the code dynamic")
        }
        return flags
    }

    /// Ids unique ignoring case (nginx map keys ignore case), names unique ignoring case
    /// (they become file names, and some file systems ignore case).
    static func checkUniqueness(_ codes: [Manifest.Code], elements: [JSONNode], context: inout DecodingContext) {
        // Positions in `codes`, not copies of the codes: at a million codes the copies dominated.
        var ids: [String: Int] = [:]
        var names: [String: Int] = [:]
        ids.reserveCapacity(codes.count)
        names.reserveCapacity(codes.count * 2)
        for (position, code) in codes.enumerated() {
            let node = elements[code.index]
            if let id = code.id {
                if let firstPosition = ids[id.key] {
                    let first = codes[firstPosition]
                    let same = first.id?.text == id.text ? "the same id" : "the same id ignoring case (\"\(first.id?.text ?? "")\"; nginx map keys ignore case)"
                    context.report("codes[\(code.index)].id", at: node["id"]?.location, "duplicate: codes[\(first.index)] has \(same); ids must be unique")
                } else {
                    ids[id.key] = position
                }
            }
            // Images are named after ids and static codes' names, so a name must not equal
            // another code's name or id either. (Two equal ids are reported above.)
            let stems = [(code.name, false), (code.type == .static ? nil : code.id?.text, true)]
                .compactMap { stem, isID in stem.map { ($0.lowercased(), isID) } }
            for (stem, isID) in stems {
                if let firstPosition = names[stem], firstPosition != position {
                    let first = codes[firstPosition]
                    if isID && first.id?.key == stem { continue }
                    let place = node["name"]?.location ?? node.location
                    context.report("codes[\(code.index)].name", at: place, "duplicate: \"\(stem)\" also names codes[\(first.index)] (names and ids must be unique ignoring case)")
                } else {
                    names[stem] = position
                }
            }
        }
    }
}

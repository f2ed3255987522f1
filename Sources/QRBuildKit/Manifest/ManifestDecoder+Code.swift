import QRPayload
import QRRender

extension ManifestDecoder {
    /// One entry of `codes` with the defaults merged in; `nil` when it has errors (reported).
    static func decodeCode(_ node: JSONNode, index: Int, defaults: Defaults, context: inout DecodingContext) -> Manifest.Code? {
        // Built only when something is reported (see `DecodingContext`).
        var path: String { "codes[\(index)]" }
        guard let fields = context.object(node, path: path, allowed: codeKeys) else { return nil }
        let before = context.issues.count
        let type = context.choice(fields["type"], path: "\(path).type", as: Manifest.CodeType.self) ?? defaults.type ?? .dynamic
        let declaredType = context.choice(fields["dataType"], path: "\(path).dataType", as: DataType.self)
        // An unknown dataType is reported once; checking the data against a guess would only add noise.
        let dataTypeIsKnown = fields["dataType"] == nil || declaredType != nil
        let dataType = declaredType ?? defaults.dataType ?? .url
        let returnTypes = decodeReturnTypes(fields["returnType"], path: "\(path).returnType", context: &context)
            ?? defaults.returnTypes ?? [.svg]
        let returnType = returnTypes[0]
        let status = context.choice(fields["status"], path: "\(path).status", as: Manifest.Status.self) ?? defaults.status ?? .active
        // A code's style keys override the defaults' one by one.
        var style = fields["style"].map { decodeStyle($0, over: defaults.style, path: "\(path).style", context: &context) } ?? defaults.style
        // A logo takes modules away: without a level written, use the one that spares most.
        if style.shapes.logo != nil, !style.errorCorrectionIsExplicit { style.errorCorrection = .high }
        if let problem = RGBAColor.contrastProblem(foreground: style.foreground, background: style.background, invertedAllowed: style.invertAllowed)
            ?? style.shapes.contrastProblem(on: style.background) {
            context.report("\(path).style", at: fields["style"]?.location ?? node.location, problem)
        }
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
        var code = Manifest.Code(index: index, id: id, name: name, type: type, dataType: dataType, payload: payload,
                                 returnTypes: returnTypes, style: style == defaults.style ? defaults.styleBox : Manifest.StyleBox(style), status: status, tags: tags, secure: secure,
                                 storedPayload: nil, sourceLocations: (node.location, fields["id"]?.location, fields["name"]?.location))
        code.routing = decodeRouting(fields, path: path, code: code, defaults: defaults, at: node.location, context: &context)
        guard context.issues.count == before else { return nil }
        return code
    }

    private static func decodeSecure(_ node: JSONNode?, path: @autoclosure () -> String, type: Manifest.CodeType,
                                     context: inout DecodingContext) -> [Manifest.SecureFlag] {
        guard let node else { return [] }
        var flags: [Manifest.SecureFlag] = []
        guard let elements = node.elements else {
            context.report(path(), at: node.location, "must be a list such as [\"locked\"], not a \(node.typeName)")
            return []
        }
        for (index, element) in elements.enumerated() {
            guard let flag = context.choice(element, path: "\(path())[\(index)]", as: Manifest.SecureFlag.self) else { continue }
            if !flags.contains(flag) {
                flags.append(flag)
            }
        }
        if type == .static && !flags.isEmpty {
            context.report(path(), at: node.location, "a static code encodes its payload directly, so it cannot be locked or protected; remove secure or make the code dynamic")
        }
        return flags
    }

    /// Ids unique ignoring case (nginx map keys ignore case), names unique ignoring case
    /// (they become file names, and some file systems ignore case).
    static func checkUniqueness(_ codes: [Manifest.Code], context: inout DecodingContext) {
        // Sorted (key, position) pairs instead of hash tables: at a million codes the tables
        // were a large part of the peak memory. Sorting keeps, for every key, its first
        // position first, so "first" means the same as in a single pass.
        // Each key also carries its first eight bytes as an integer, compared first: ids are
        // eight bytes, so their keys then almost never need a string comparison. Equal keys
        // stay together, in position order, as with the strings alone.
        var ids: [(prefix: UInt64, key: String, position: Int)] = []
        var stems: [(prefix: UInt64, key: String, position: Int, isID: Bool)] = []
        ids.reserveCapacity(codes.count)
        stems.reserveCapacity(codes.count * 2)
        for (position, code) in codes.enumerated() {
            if let id = code.id {
                let prefix = id.key.sortPrefix
                ids.append((prefix, id.key, position))
                if code.type != .static { stems.append((prefix, id.key, position, true)) }
            }
            if let name = code.name {
                let key = name.lowercased()
                stems.append((key.sortPrefix, key, position, false))
            }
        }
        ids.sort { $0.prefix != $1.prefix ? $0.prefix < $1.prefix : ($0.key, $0.position) < ($1.key, $1.position) }
        stems.sort {
            $0.prefix != $1.prefix ? $0.prefix < $1.prefix
                : ($0.key, $0.position, $0.isID ? 1 : 0) < ($1.key, $1.position, $1.isID ? 1 : 0)
        }
        // (position, order within the code, message, location): reported in document order at the end.
        var reports: [(position: Int, order: Int, path: String, location: SourceLocation?, message: String)] = []
        for (index, entry) in ids.enumerated() where index > 0 && ids[index - 1].key == entry.key {
            var firstIndex = index - 1
            while firstIndex > 0 && ids[firstIndex - 1].key == entry.key { firstIndex -= 1 }
            let first = codes[ids[firstIndex].position]
            let code = codes[entry.position]
            let same = first.id?.text == code.id?.text ? "the same id" : "the same id ignoring case (\"\(first.id?.text ?? "")\"; nginx map keys ignore case)"
            reports.append((entry.position, 0, "codes[\(code.index)].id", code.sourceLocations.id,
                            "duplicate: codes[\(first.index)] has \(same); ids must be unique"))
        }
        var firstOfKey = 0
        for (index, entry) in stems.enumerated() {
            if index == 0 || stems[index - 1].key != entry.key {
                firstOfKey = index
                continue
            }
            let first = stems[firstOfKey]
            guard first.position != entry.position else { continue }
            // Two equal ids are reported above; a name equal to another code's name or id is reported here.
            if entry.isID && first.isID { continue }
            if entry.isID && codes[first.position].id?.key == entry.key { continue }
            let code = codes[entry.position]
            reports.append((entry.position, 1, "codes[\(code.index)].name", code.sourceLocations.name ?? code.sourceLocations.code,
                            "duplicate: \"\(entry.key)\" also names codes[\(codes[first.position].index)] (names and ids must be unique ignoring case)"))
        }
        for report in reports.sorted(by: { ($0.position, $0.order) < ($1.position, $1.order) }) {
            context.report(report.path, at: report.location, report.message)
        }
    }

    /// Tags spelled one way only: `Poster` and `poster` would make `bulk/Poster.zip` and
    /// `bulk/poster.zip`, one file where case is ignored (macOS, Windows, many zip tools).
    ///
    /// Complexity: O(n × t) dictionary lookups for n codes of t tags each.
    static func checkTagCase(_ codes: [Manifest.Code], context: inout DecodingContext) {
        var checked: [String: Bool] = [:]  // each spelling once
        var firstSpelling: [String: (tag: String, index: Int)] = [:]
        for code in codes {
            for tag in code.tags where checked[tag] == nil {
                checked[tag] = true
                let key = tag.lowercased()
                guard let first = firstSpelling[key] else {
                    firstSpelling[key] = (tag, code.index)
                    continue
                }
                context.report("codes[\(code.index)].tags", at: code.sourceLocations.code,
                               "tag \"\(tag)\" differs from \"\(first.tag)\" (codes[\(first.index)]) only in case; their archives would be "
                               + "one file where case is ignored (macOS, Windows, many zip tools), so spell it one way")
            }
        }
    }

    /// `returnType`: one format, or a list of different formats (the first is the code's own).
    static func decodeReturnTypes(_ node: JSONNode?, path: String, context: inout DecodingContext) -> [Manifest.ReturnType]? {
        guard let node else { return nil }
        guard let elements = node.elements else {
            return context.choice(node, path: path, as: Manifest.ReturnType.self).map { [$0] }
        }
        guard !elements.isEmpty else {
            context.report(path, at: node.location, "must name at least one format, e.g. [\"svg\", \"pdf\"]")
            return nil
        }
        var formats: [Manifest.ReturnType] = []
        for (position, element) in elements.enumerated() {
            guard let format = context.choice(element, path: "\(path)[\(position)]", as: Manifest.ReturnType.self) else { continue }
            if formats.contains(format) {
                context.report("\(path)[\(position)]", at: element.location, "\"\(format.rawValue)\" is listed twice")
            } else {
                formats.append(format)
            }
        }
        return formats.count == elements.count ? formats : nil
    }
}

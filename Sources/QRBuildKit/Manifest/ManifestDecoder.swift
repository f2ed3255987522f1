import QRCore
import QRPayload
import QRRender

/// JSON manifest → ``Manifest``, reporting every problem with its path and line:column.
public enum ManifestDecoder {
    static let topKeys = ["$schema", "version", "redirect", "defaults", "codes"]
    static let codeKeys = ["id", "name", "type", "dataType", "data", "returnType", "style", "status", "tags", "secure",
                           "rules", "split", "schedule", "utm"]
    static let defaultKeys = ["type", "dataType", "returnType", "style", "status", "tags", "utm"]
    static let styleKeys = ["margin", "foreground", "background", "errorCorrection", "scale", "invert"] + ShapeStyle.keys

    /// Decodes and validates `bytes`; `file` names the manifest in messages.
    public static func decode(_ bytes: [UInt8], file: String) throws(ManifestErrors) -> (manifest: Manifest, document: JSONNode) {
        let document: JSONNode
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            throw ManifestErrors(file: file, issues: [ManifestIssue(path: "", location: error.location, message: error.message)])
        }
        var context = DecodingContext()
        let manifest = decode(document, context: &context)
        guard context.issues.isEmpty, let manifest else { throw ManifestErrors(file: file, issues: context.issues) }
        return (manifest, document)
    }

    struct Defaults {
        var type: Manifest.CodeType?
        var dataType: DataType?
        var returnTypes: [Manifest.ReturnType]?
        var style = Manifest.Style()
        var status: Manifest.Status?
        var tags: [String] = []
        /// UTM tags for every dynamic url code, placeholders still in place.
        var utm: UTMTags?
        /// `style` in the box the codes that keep it share (made once decoding the defaults is done).
        var styleBox = Manifest.StyleBox(Manifest.Style())
    }

    private static func decode(_ document: JSONNode, context: inout DecodingContext) -> Manifest? {
        guard let (redirect, defaults, elements) = decodeTop(document, context: &context), let elements else { return nil }
        var codes: [Manifest.Code] = []
        for (index, node) in elements.enumerated() {
            if let code = decodeCode(node, index: index, defaults: defaults, context: &context) { codes.append(code) }
        }
        return finish(codes: codes, redirect: redirect, document: document, context: &context)
    }

    /// Decodes like `decode(_:file:)` but never holds the codes as one tree: a first pass
    /// reads everything but the codes (defaults may come after them), a second decodes the
    /// codes one at a time as the reader meets them. For `build`, `validate` and `nginx`,
    /// which need no byte ranges; a million-code manifest then fits in a fraction of the memory.
    ///
    /// `bytes` is consumed: the text is given up once the codes are decoded, before the
    /// checks across codes (whose sort keys for a million codes were the peak on top of it).
    public static func decodeStreaming(_ bytes: consuming [UInt8], file: String) throws(ManifestErrors) -> Manifest {
        var context = DecodingContext()
        let document: JSONNode
        var starts: [JSONReader.ElementStart] = []
        do {
            // The first pass steps over the codes; the second parses them strictly. If the
            // cheap pass trips over something in the codes, a strict pass finds the real error.
            do {
                (document, starts) = try JSONReader.parseRecordingElements(bytes, skipping: "codes")
            } catch {
                document = try JSONReader.parse(bytes, streaming: "codes") { _, _ in }
            }
        } catch {
            throw ManifestErrors(file: file, issues: [ManifestIssue(path: "", location: error.location, message: error.message)])
        }
        // A repeated `codes` key is an error either way. The tree decoder's reading is the
        // one to give: the first `codes` counts, a later one is reported, and a syntax error
        // in either comes first. The passes above step over or stream every `codes` array, so
        // they would decode the wrong one (both found by FuzzManifest). Such a manifest never
        // builds, so the tree's memory does not matter here.
        if (document.members?.lazy.filter { $0.name == "codes" }.count ?? 0) > 1 {
            return try decode(bytes, file: file).manifest
        }
        guard let (redirect, defaults, elements) = decodeTop(document, context: &context), elements != nil else {
            throw ManifestErrors(file: file, issues: context.issues)
        }
        var codes: [Manifest.Code] = []
        if var parts = decodeInParts(bytes, starts: starts, defaults: defaults) {
            // Each part given up once copied: the parts and the whole list at once were
            // twice the codes' memory (a code is about 400 bytes; 1,000,000 of them 400 MB).
            codes.reserveCapacity(parts.reduce(0) { $0 + $1.codes.count })
            for index in parts.indices {
                codes += parts[index].codes
                parts[index].codes = []
                for issue in parts[index].issues { context.report(issue.path, at: issue.location, issue.message) }
            }
        } else {
            do {
                _ = try JSONReader.parse(bytes, streaming: "codes") { index, node in
                    if let code = decodeCode(node, index: index, defaults: defaults, context: &context) { codes.append(code) }
                }
            } catch {
                throw ManifestErrors(file: file, issues: [ManifestIssue(path: "", location: error.location, message: error.message)])
            }
        }
        _ = consume bytes
        let manifest = finish(codes: codes, redirect: redirect, document: document, context: &context)
        guard context.issues.isEmpty else { throw ManifestErrors(file: file, issues: context.issues) }
        return manifest
    }

    /// The codes of a large manifest parsed and decoded in parts on all cores, each part's
    /// issues in document order; nil if the manifest is small, or if a part has a syntax
    /// error (the one-pass parse then reports the first error exactly as it stands).
    ///
    /// - Complexity: O(n) work for n bytes of codes, spread over the cores.
    private static func decodeInParts(
        _ bytes: [UInt8], starts: [JSONReader.ElementStart], defaults: Defaults
    ) -> [(codes: [Manifest.Code], issues: [ManifestIssue])]? {
        guard starts.count >= 4_096 else { return nil }
        let parts = Concurrently.map(Concurrently.parts(of: starts.count, count: 16)) { range -> (codes: [Manifest.Code], issues: [ManifestIssue])? in
            var context = DecodingContext()
            var codes: [Manifest.Code] = []
            codes.reserveCapacity(range.count)
            do {
                try JSONReader.parseElements(bytes, starts: starts, range) { index, node in
                    if let code = decodeCode(node, index: index, defaults: defaults, context: &context) { codes.append(code) }
                }
            } catch {
                return nil
            }
            return (codes, context.issues)
        }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.compactMap { $0 }
    }

    /// Everything above the codes: `redirect`, `defaults`, and the codes' elements (empty
    /// when they are streamed; `nil` when `codes` is missing or not a list, which is reported).
    /// `nil` when the document is not even an object.
    private static func decodeTop(
        _ document: JSONNode, context: inout DecodingContext
    ) -> (Manifest.RedirectSettings?, Defaults, [JSONNode]?)? {
        guard let top = context.object(document, path: "", allowed: topKeys) else { return nil }
        _ = context.string(top["$schema"], path: "$schema")
        if let version = top["version"] {
            if case .number("1") = version.kind {} else {
                context.report("version", at: version.location, "must be 1, the only manifest version there is")
            }
        } else {
            context.report("version", at: document.location, "required: add \"version\": 1")
        }
        let redirect = top["redirect"].flatMap { decodeRedirect($0, context: &context) }
        var defaults = Defaults()
        if let node = top["defaults"], let fields = context.object(node, path: "defaults", allowed: defaultKeys) {
            defaults.type = context.choice(fields["type"], path: "defaults.type", as: Manifest.CodeType.self)
            defaults.dataType = context.choice(fields["dataType"], path: "defaults.dataType", as: DataType.self)
            defaults.returnTypes = decodeReturnTypes(fields["returnType"], path: "defaults.returnType", context: &context)
            defaults.status = context.choice(fields["status"], path: "defaults.status", as: Manifest.Status.self)
            defaults.tags = context.strings(fields["tags"], path: "defaults.tags", validate: Names.problem(withTag:)) ?? []
            if let style = fields["style"] { defaults.style = decodeStyle(style, over: defaults.style, path: "defaults.style", context: &context) }
            if let utm = fields["utm"] { defaults.utm = decodeUTM(utm, path: "defaults.utm", context: &context) }
            defaults.styleBox = Manifest.StyleBox(defaults.style)
        }
        guard let codesNode = top["codes"] else {
            context.report("codes", at: document.location, "required: add \"codes\": []")
            return (redirect, defaults, nil)
        }
        guard let elements = codesNode.elements else {
            context.report("codes", at: codesNode.location, "must be a list of codes, not a \(codesNode.typeName)")
            return (redirect, defaults, nil)
        }
        return (redirect, defaults, elements)
    }

    /// The checks across codes, once all are decoded.
    private static func finish(
        codes: [Manifest.Code], redirect: Manifest.RedirectSettings?, document: JSONNode, context: inout DecodingContext
    ) -> Manifest {
        checkUniqueness(codes, context: &context)
        checkTagCase(codes, context: &context)
        if redirect?.countryVariable == nil {
            for code in codes {
                guard let index = code.routing.rules.firstIndex(where: { !$0.when.country.isEmpty }) else { continue }
                context.report("codes[\(code.index)].rules[\(index)].when.country", at: code.sourceLocations.code,
                               "nginx knows no country without redirect.countryVariable; set it to your GeoIP2 module's variable "
                               + "(e.g. \"$geoip2_data_country_code\", see the README) or remove the country condition")
            }
        }
        if redirect == nil, let dynamic = codes.first(where: { $0.type == .dynamic }) {
            context.report("redirect", at: document.location,
                           "required: codes[\(dynamic.index)] is dynamic, so its image encodes redirect.base + id; add \"redirect\": {\"base\": \"https://qr.example.com/r/\"}")
        }
        return Manifest(redirect: redirect, codes: codes)
    }

    private static func decodeRedirect(_ node: JSONNode, context: inout DecodingContext) -> Manifest.RedirectSettings? {
        guard let fields = context.object(node, path: "redirect", allowed: ["base", "status", "fallback", "countryVariable"]) else { return nil }
        var result = Manifest.RedirectSettings(base: "", status: 302)
        if let fallbackNode = fields["fallback"], let fallback = context.string(fallbackNode, path: "redirect.fallback") {
            do {
                result.fallback = try WebURL.normalize(fallback)
            } catch {
                context.report("redirect.fallback", at: fallbackNode.location, error.message)
            }
        }
        if let variableNode = fields["countryVariable"], let variable = context.string(variableNode, path: "redirect.countryVariable") {
            if let problem = NginxText.problemWithCountryVariable(variable) {
                context.report("redirect.countryVariable", at: variableNode.location, problem)
            } else {
                result.countryVariable = variable
            }
        }
        if let status = context.integer(fields["status"], path: "redirect.status", in: 301...308) {
            if [301, 302, 307, 308].contains(status) {
                result.status = status
            } else if let statusNode = fields["status"] {
                context.report("redirect.status", at: statusNode.location, "must be 301, 302, 307 or 308 (got \(status))")
            }
        }
        guard let baseNode = fields["base"] else {
            context.report("redirect.base", at: node.location, "required: the URL that ids are appended to, e.g. \"https://qr.example.com/r/\"")
            return nil
        }
        guard let base = context.string(baseNode, path: "redirect.base") else { return nil }
        do {
            result.base = try WebURL.normalize(base)
        } catch {
            context.report("redirect.base", at: baseNode.location, error.message)
            return nil
        }
        guard result.base.hasSuffix("/"), !result.base.contains("?"), !result.base.contains("#") else {
            context.report("redirect.base", at: baseNode.location, "must end with \"/\" (ids are appended to it) and have no query or fragment")
            return nil
        }
        if let problem = NginxText.problemWithLocationPath(result.path) {
            context.report("redirect.base", at: baseNode.location, problem)
            return nil
        }
        return result
    }

    static func decodeStyle(_ node: JSONNode, over base: Manifest.Style, path: String, context: inout DecodingContext) -> Manifest.Style {
        guard let fields = context.object(node, path: path, allowed: styleKeys) else { return base }
        var style = base
        if let margin = context.integer(fields["margin"], path: "\(path).margin", in: 0...100) { style.margin = margin }
        if let scale = context.integer(fields["scale"], path: "\(path).scale", in: 1...100) { style.scale = scale }
        for (key, keyPath) in [("foreground", \Manifest.Style.foreground), ("background", \Manifest.Style.background)] {
            guard let node = fields[key], let text = context.string(node, path: "\(path).\(key)") else { continue }
            do {
                style[keyPath: keyPath] = try RGBAColor(parsing: text)
            } catch {
                context.report("\(path).\(key)", at: node.location, error.description)
            }
        }
        if ShapeStyle.keys.contains(where: { fields[$0] != nil }) {
            style.shapes = ShapeStyle.decode(node, over: style.shapes, path: path) { path, location, message in
                context.report(path, at: location, message)
            }
        }
        if let node = fields["invert"] {
            if case .bool(let flag) = node.kind { style.invertAllowed = flag } else {
                context.report("\(path).invert", at: node.location, "must be true or false")
            }
        }
        if let node = fields["errorCorrection"], let text = context.string(node, path: "\(path).errorCorrection") {
            if let level = ErrorCorrectionLevel(letter: text), text.count == 1 {
                style.errorCorrection = level
                style.errorCorrectionIsExplicit = true
            } else {
                context.report("\(path).errorCorrection", at: node.location, "\"\(text)\" is not one of L, M, Q, H")
            }
        }
        return style
    }
}

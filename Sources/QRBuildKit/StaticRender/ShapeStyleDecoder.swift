import QRPayload
import QRRender
import QRStyle

/// The styling keys of a `style` object that go beyond margin and colours: `shape`,
/// `finder` and `gradient`, each checked with the place of every problem.
public struct ShapeStyle: Hashable, Sendable {
    public var shape: ModuleShape = .square
    public var finder = FinderStyle()
    public var gradient: StyleGradient?
    public var logo: LogoSpec?
    public var frame: FrameStyle?

    public init() {}

    public var isPlain: Bool { shape == .square && finder == FinderStyle() && gradient == nil && logo == nil && frame == nil }

    /// The style keys this type reads.
    public static let keys = ["shape", "finder", "gradient", "logo", "frame"]

    /// The style cairo draws with: these keys, the colours and margin, and the logo's image.
    public func codeStyle(_ style: RenderStyle, logo image: LogoImage?) -> CodeStyle {
        CodeStyle(shape: shape, finder: finder, gradient: gradient, foreground: style.foreground, background: style.background,
                  margin: style.margin, logo: logo.flatMap { spec in image.map { spec.style(image: $0, field: style.background) } },
                  frame: frame)
    }

    /// Everything here that decides the printed image, as text for the appearance hash.
    var appearanceKey: String {
        let gradientKey = gradient.map { gradient in
            "\(gradient.kind.rawValue) \(gradient.angle) " + gradient.stops.map { "\($0.color.hexRGB)\($0.color.alpha)@\($0.offset)" }.joined(separator: ",")
        } ?? "-"
        let colours = [finder.color, finder.innerColor].map { $0.map { "\($0.hexRGB)\($0.alpha)" } ?? "-" }
        var parts = [shape.rawValue, finder.outer.rawValue, finder.inner.rawValue, colours[0], colours[1], gradientKey]
        // Added only when present, so hashes of codes styled before logos and frames stay.
        if let logo { parts.append("logo " + logo.appearanceKey) }
        if let frame {
            parts.append("frame \(frame.text)\u{1F}\(frame.position.rawValue)\u{1F}\(frame.color.hexRGB)\(frame.color.alpha)\u{1F}"
                         + "\(frame.textColor.hexRGB)\(frame.textColor.alpha)\u{1F}\(frame.font)")
        }
        return parts.joined(separator: "|")
    }

    /// A problem with the colours drawn as dark modules (gradient stops, finder colours)
    /// on `background`, or nil.
    public func contrastProblem(on background: RGBAColor) -> String? {
        let darks = (gradient?.stops.map(\.color) ?? []) + [finder.color, finder.innerColor].compactMap { $0 }
        return darks.lazy.compactMap { RGBAColor.contrastProblem(foreground: $0, background: background, invertedAllowed: false) }.first
    }

    /// Reads `shape`, `finder` and `gradient` from `node` (a style object); every problem
    /// goes to `report` with its path under `path`.
    public static func decode(_ node: JSONNode, over base: ShapeStyle = ShapeStyle(), path: String,
                              report: (String, SourceLocation, String) -> Void) -> ShapeStyle {
        var style = base
        func choice<T: RawRepresentable & CaseIterable>(_ node: JSONNode?, _ path: String, _ type: T.Type) -> T? where T.RawValue == String {
            guard let node else { return nil }
            let names = T.allCases.map(\.rawValue)
            if T.self == FinderStyle.Outer.self || T.self == FinderStyle.Inner.self, let text = node.stringValue,
               T(rawValue: text) == nil, let what = FinderStyle.refusedShapes[text] {
                report(path, node.location, "\"\(text)\" is not drawn: OpenCV's QR readers, and phone readers built like them, miss codes with "
                       + "\(what) (measured); use one of \(names.joined(separator: ", "))")
                return nil
            }
            guard let text = node.stringValue, let value = T(rawValue: text) else {
                report(path, node.location, "\(node.stringValue.map { "\"\($0)\"" } ?? "a \(node.typeName)") is not one of \(names.joined(separator: ", "))"
                       + NameSuggestion.hint(for: node.stringValue ?? "", among: names))
                return nil
            }
            return value
        }
        func colour(_ node: JSONNode?, _ path: String) -> RGBAColor? { decodeColour(node, path: path, report: report) }
        if let shape = choice(node["shape"], "\(path).shape", ModuleShape.self) { style.shape = shape }
        if let finder = node["finder"] {
            checkKeys(finder, ["outer", "inner", "color", "innerColor"], "\(path).finder", report)
            if let outer = choice(finder["outer"], "\(path).finder.outer", FinderStyle.Outer.self) { style.finder.outer = outer }
            if let inner = choice(finder["inner"], "\(path).finder.inner", FinderStyle.Inner.self) { style.finder.inner = inner }
            if let color = colour(finder["color"], "\(path).finder.color") { style.finder.color = color }
            if let color = colour(finder["innerColor"], "\(path).finder.innerColor") { style.finder.innerColor = color }
        }
        if let gradient = node["gradient"] {
            checkKeys(gradient, ["type", "angle", "stops", "at"], "\(path).gradient", report)
            let kind = gradient["type"] == nil ? .linear : choice(gradient["type"], "\(path).gradient.type", StyleGradient.Kind.self)
            var angle = 0.0
            if let node = gradient["angle"] {
                if case .number(let text) = node.kind, let value = Double(text), value.isFinite { angle = value } else {
                    report("\(path).gradient.angle", node.location, "must be a number of degrees")
                }
            }
            let colours = (gradient["stops"]?.elements ?? []).enumerated().map { colour($0.element, "\(path).gradient.stops[\($0.offset)]") }
            if colours.count < 2 {
                report("\(path).gradient.stops", (gradient["stops"] ?? gradient).location, "needs two or more colours, e.g. [\"#0b3d91\", \"#1b998b\"]")
            }
            var offsets = colours.indices.map { colours.count > 1 ? Double($0) / Double(colours.count - 1) : 0 }
            if let at = gradient["at"] {
                let values = (at.elements ?? []).compactMap { node -> Double? in
                    if case .number(let text) = node.kind { return Double(text) } else { return nil }
                }
                if values.count == colours.count, values.allSatisfy({ (0...1).contains($0) }), values == values.sorted() {
                    offsets = values
                } else {
                    report("\(path).gradient.at", at.location, "must give one offset from 0 to 1 per stop, in order")
                }
            }
            if let kind, colours.count >= 2, colours.allSatisfy({ $0 != nil }) {
                style.gradient = StyleGradient(kind: kind, angle: angle, stops: zip(colours, offsets).compactMap { pair in
                    pair.0.map { StyleGradient.Stop(color: $0, offset: pair.1) }
                })
            }
        }
        // null removes a logo or frame the defaults set.
        if let node = node["logo"] {
            style.logo = node.isNull ? nil : LogoSpec.decode(node, over: style.logo, path: "\(path).logo", report: report)
        }
        if let node = node["frame"] { style.frame = node.isNull ? nil : FrameStyle.decode(node, path: "\(path).frame", report: report) }
        return style
    }

    /// Reports `node` if it is not an object (showing `example` when given) and each of its
    /// keys that is not `allowed`; false when it is not an object.
    @discardableResult
    static func checkKeys(_ node: JSONNode, _ allowed: [String], _ path: String, example: String? = nil,
                          _ report: (String, SourceLocation, String) -> Void) -> Bool {
        guard let members = node.members else {
            report(path, node.location, "must be an object" + (example.map { " such as \($0)" } ?? ""))
            return false
        }
        for member in members where !allowed.contains(member.name) {
            report(ValuePath.member(member.name, of: path), member.nameLocation, "unknown key" + NameSuggestion.keyHint(for: member.name, among: allowed))
        }
        return true
    }

    /// The colour written at `node`, or nil: absent, or wrong (reported at `path`).
    static func decodeColour(_ node: JSONNode?, path: String, report: (String, SourceLocation, String) -> Void) -> RGBAColor? {
        guard let node else { return nil }
        guard let text = node.stringValue else {
            report(path, node.location, "must be a colour string such as \"#0b3d91\"")
            return nil
        }
        do {
            return try RGBAColor(parsing: text)
        } catch {
            report(path, node.location, error.description)
            return nil
        }
    }
}

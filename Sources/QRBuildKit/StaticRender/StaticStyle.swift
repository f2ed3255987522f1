import QRCore
import QRPayload
import QRRender

/// A static render's style object, with the manifest's style keys: what `render --style`
/// and `POST /api/qr/static`'s `style` take. Every problem is reported with its path
/// (`--style.finder.outer`, `style.margin`), so each caller can word it its own way.
public struct StaticStyle: Sendable {
    public var shapes = ShapeStyle()
    public var margin: Int?
    public var foreground: String?
    public var background: String?
    public var errorCorrection: ErrorCorrectionLevel?
    public var scale: Int?
    public var invert: Bool?

    public static let keys = ShapeStyle.keys + ["margin", "foreground", "background", "errorCorrection", "scale", "invert"]

    public init() {}

    /// Why `renderStyle` refused: a colour that does not parse, or colours too alike to scan.
    public enum Problem: Error, Sendable {
        case color(String)
        case contrast(String)
    }

    /// The level when none is given: H with a logo (it covers modules), else M.
    public var defaultErrorCorrection: ErrorCorrectionLevel { errorCorrection ?? (shapes.logo == nil ? .medium : .high) }

    /// Margin and colours: the given values (a command line's flags), else this style's
    /// keys, else 4 modules, black on white; refused when the colours would not scan.
    public func renderStyle(margin: Int? = nil, foreground: String? = nil, background: String? = nil,
                            invert: Bool = false) throws(Problem) -> RenderStyle {
        let style: RenderStyle
        do {
            style = RenderStyle(margin: margin ?? self.margin ?? 4, foreground: try RGBAColor(parsing: foreground ?? self.foreground ?? "#000000"),
                                background: try RGBAColor(parsing: background ?? self.background ?? "#ffffff"))
        } catch {
            throw .color(error.description)
        }
        if let problem = RGBAColor.contrastProblem(foreground: style.foreground, background: style.background,
                                                   invertedAllowed: invert || self.invert == true) {
            throw .contrast(problem)
        }
        return style
    }

    /// Reads the object `node` found at `path`; `report(path, message)` for each problem.
    public init(_ node: JSONNode, path: String, report: (String, String) -> Void) {
        guard let members = node.members else {
            report(path, "must be a JSON object, not a \(node.typeName)")
            return
        }
        for member in members where !Self.keys.contains(member.name) {
            report(ValuePath.member(member.name, of: path), "unknown key" + NameSuggestion.hint(for: member.name, among: Self.keys))
        }
        shapes = ShapeStyle.decode(node, path: path) { path, _, message in report(path, message) }
        func integer(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value = node[name] else { return nil }
            guard case .number(let text) = value.kind, let number = Int(text), range.contains(number) else {
                report("\(path).\(name)", "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return number
        }
        func string(_ name: String) -> String? {
            guard let value = node[name] else { return nil }
            guard let text = value.stringValue else {
                report("\(path).\(name)", "must be a string")
                return nil
            }
            return text
        }
        margin = integer("margin", 0...100)
        scale = integer("scale", 1...100)
        foreground = string("foreground")
        background = string("background")
        if let letter = string("errorCorrection") {
            errorCorrection = ErrorCorrectionLevel(letter: letter)
            if errorCorrection == nil || letter.count != 1 { report("\(path).errorCorrection", "\"\(letter)\" is not one of L, M, Q, H") }
        }
        if let value = node["invert"] {
            if case .bool(let flag) = value.kind { invert = flag } else { report("\(path).invert", "must be true or false") }
        }
    }
}

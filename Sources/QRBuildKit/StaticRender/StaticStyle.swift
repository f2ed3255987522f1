import QRCore
import QRPayload

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

    /// Reads the object `node` found at `path`; `report(path, message)` for each problem.
    public init(_ node: JSONNode, path: String, report: (String, String) -> Void) {
        guard let members = node.members else {
            report(path, "must be a JSON object, not a \(node.typeName)")
            return
        }
        for member in members where !Self.keys.contains(member.name) {
            report("\(path).\(member.name)", "unknown key" + NameSuggestion.hint(for: member.name, among: Self.keys))
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

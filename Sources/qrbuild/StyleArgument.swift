import ArgumentParser
import QRBuildKit
import QRCore
import QRPayload

/// `render --style`: a style object with the manifest's style keys. The flags that set the
/// same things (`--margin`, `--fg`, `--bg`, `--ecc`, `--scale`, `--invert`) win over it.
struct StyleArgument {
    var shapes = ShapeStyle()
    var margin: Int?
    var foreground: String?
    var background: String?
    var errorCorrection: ErrorCorrectionLevel?
    var scale: Int?
    var invert: Bool?

    static let keys = ShapeStyle.keys + ["margin", "foreground", "background", "errorCorrection", "scale", "invert"]

    init() {}

    /// Reads `text`; every problem is named by its key (`--style.finder.outr: …`).
    init(parsing text: String) throws {
        let node: JSONNode
        do {
            node = try JSONReader.parse(Array(text.utf8))
        } catch {
            throw UserFacingError.usage("--style must be a JSON object: \(error)")
        }
        guard let members = node.members else { throw UserFacingError.usage("--style must be a JSON object, not a \(node.typeName)") }
        var problems = members.filter { !Self.keys.contains($0.name) }.map { member in
            "--style.\(member.name): unknown key\(NameSuggestion.hint(for: member.name, among: Self.keys))"
        }
        shapes = ShapeStyle.decode(node, path: "--style") { path, _, message in problems.append("\(path): \(message)") }
        func integer(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value = node[name] else { return nil }
            guard case .number(let text) = value.kind, let number = Int(text), range.contains(number) else {
                problems.append("--style.\(name): must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return number
        }
        func string(_ name: String) -> String? {
            guard let value = node[name] else { return nil }
            guard let text = value.stringValue else {
                problems.append("--style.\(name): must be a string")
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
            if errorCorrection == nil || letter.count != 1 { problems.append("--style.errorCorrection: \"\(letter)\" is not one of L, M, Q, H") }
        }
        if let value = node["invert"] {
            if case .bool(let flag) = value.kind { invert = flag } else { problems.append("--style.invert: must be true or false") }
        }
        guard problems.isEmpty else { throw UserFacingError.data(problems.joined(separator: "\n")) }
    }
}

import ArgumentParser
import QRBuildKit

/// `render --style`: a style object with the manifest's style keys (see `StaticStyle`).
/// The flags that set the same things (`--margin`, `--fg`, `--bg`, `--ecc`, `--scale`,
/// `--invert`) win over it.
extension StaticStyle {
    /// Reads `text`; every problem is named by its key (`--style.finder.outr: …`).
    init(parsing text: String) throws {
        let node: JSONNode
        do {
            node = try JSONReader.parse(Array(text.utf8))
        } catch {
            throw UserFacingError.usage("--style must be a JSON object: \(error)")
        }
        guard node.members != nil else { throw UserFacingError.usage("--style must be a JSON object, not a \(node.typeName)") }
        var problems: [String] = []
        self.init(node, path: "--style") { path, message in problems.append("\(path): \(message)") }
        guard problems.isEmpty else { throw UserFacingError.data(problems.joined(separator: "\n")) }
    }
}

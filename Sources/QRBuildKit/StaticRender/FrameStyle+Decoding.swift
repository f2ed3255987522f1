import QRRender
import QRStyle

extension FrameStyle {
    /// The longest call to action: a frame's band holds one line.
    static let longestText = 60

    /// Reads a `frame` object; problems go to `report` with their paths under `path`.
    static func decode(_ node: JSONNode, path: String, report: (String, SourceLocation, String) -> Void) -> FrameStyle? {
        guard ShapeStyle.checkKeys(node, ["text", "position", "color", "textColor", "font"], path,
                                   example: "{\"text\": \"SCAN ME\"}", report) else { return nil }
        var valid = true
        var text = ""
        if let textNode = node["text"], let value = textNode.stringValue {
            text = value.trimmingWhitespace
            if text.isEmpty || text.count > longestText || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                report("\(path).text", textNode.location, "must be one line of 1 to \(longestText) characters, such as \"SCAN ME\"")
                valid = false
            }
        } else {
            report("\(path).text", (node["text"] ?? node).location, "required: the call to action, such as \"SCAN ME\"")
            valid = false
        }
        func colour(_ key: String) -> RGBAColor? {
            let colour = ShapeStyle.decodeColour(node[key], path: "\(path).\(key)", report: report)
            if node[key] != nil, colour == nil { valid = false }
            return colour
        }
        let color = colour("color") ?? .black
        let textColor = colour("textColor")
        var position = Position.bottom
        if let positionNode = node["position"] {
            if let text = positionNode.stringValue, let value = Position(rawValue: text) { position = value } else {
                report("\(path).position", positionNode.location, "must be \"bottom\" or \"top\"")
                valid = false
            }
        }
        var font = defaultFont
        if let fontNode = node["font"] {
            // A fontconfig pattern is a small language of its own; names need no more than these.
            if let text = fontNode.stringValue, (1...100).contains(text.count),
               text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || " -".unicodeScalars.contains($0) }) {
                font = text
            } else {
                report("\(path).font", fontNode.location, "must be a font name such as \"DejaVu Sans Bold\" (letters, digits, spaces, hyphens)")
                valid = false
            }
        }
        let frame = FrameStyle(text: text, position: position, color: color, textColor: textColor, font: font)
        if frame.textColor.contrastRatio(with: frame.color) < 3 {
            report("\(path).textColor", (node["textColor"] ?? node).location,
                   "\(frame.textColor.hexRGB) text on a \(frame.color.hexRGB) frame has a contrast under 3:1 and is hard to read; pick a darker or lighter colour")
            valid = false
        }
        return valid ? frame : nil
    }
}

private extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

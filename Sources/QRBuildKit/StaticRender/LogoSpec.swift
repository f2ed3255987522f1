import QRCore
import QRRender
import QRStyle

/// A `style.logo` as written: the file by its path, and how to place it. The file is read
/// when the manifest is loaded (`LogoLibrary`) or when `render` runs.
public struct LogoSpec: Hashable, Sendable {
    public enum Background: Hashable, Sendable {
        /// The code's own background (the default).
        case field
        /// Nothing: the cleared modules' field shows.
        case none
        case color(RGBAColor)
    }

    /// Relative to the manifest (to the working folder for `render`).
    public var file: String
    /// Where `file` was written, for messages about the file.
    public var fileLocation: SourceLocation?
    /// Where `size` was written (nil for the default), for the error when it is too large.
    public var sizeLocation: SourceLocation?
    public var size: LogoStyle.Size = .auto
    public var padding: Double = 1
    public var background: Background = .field
    public var shape: LogoFootprint.Shape = .square

    public init(file: String) {
        self.file = file
    }

    public static func == (lhs: LogoSpec, rhs: LogoSpec) -> Bool {
        lhs.file == rhs.file && lhs.size == rhs.size && lhs.padding == rhs.padding && lhs.background == rhs.background && lhs.shape == rhs.shape
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(size)
        hasher.combine(padding)
        hasher.combine(background)
        hasher.combine(shape)
    }

    /// The placement as text, for the appearance hash (the file's bytes are hashed apart).
    var appearanceKey: String {
        let size: String = switch self.size {
        case .auto: "auto"
        case .fraction(let fraction): "\(fraction)"
        }
        let background: String = switch self.background {
        case .field: "field"
        case .none: "none"
        case .color(let color): "\(color.hexRGB)\(color.alpha)"
        }
        return [file, size, "\(padding)", background, shape.rawValue].joined(separator: ",")
    }

    /// The style cairo draws with, for `image` on a code whose field is `field`.
    public func style(image: LogoImage, field: RGBAColor) -> LogoStyle {
        let fill: RGBAColor? = switch background {
        case .field: field.alpha == 0 ? .white : field
        case .none: nil
        case .color(let color): color
        }
        return LogoStyle(image: image, size: size, padding: padding, background: fill, shape: shape)
    }

    /// Reads a `logo` object; problems go to `report` with their paths under `path`.
    static func decode(_ node: JSONNode, over base: LogoSpec?, path: String, report: (String, SourceLocation, String) -> Void) -> LogoSpec? {
        guard ShapeStyle.checkKeys(node, ["file", "size", "padding", "background", "shape"], path,
                                   example: "{\"file\": \"logos/acme.svg\"}", report) else { return nil }
        // A code's logo keys override the defaults' one by one; the file may come from there.
        if node["file"] == nil, var spec = base {
            return decodePlacement(node, into: &spec, path: path, report: report) ? spec : nil
        }
        guard let fileNode = node["file"] else {
            report("\(path).file", node.location, "required: the logo's SVG, PNG or JPEG file, relative to the manifest")
            return nil
        }
        guard let file = fileNode.stringValue, !file.isEmpty else {
            report("\(path).file", fileNode.location, "must be a file path such as \"logos/acme.svg\"")
            return nil
        }
        if file.hasPrefix("/") || file.split(separator: "/").contains("..") || file.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            report("\(path).file", fileNode.location, "must be a plain path inside the repository, relative to the manifest (no leading /, no ..)")
            return nil
        }
        var spec = base ?? LogoSpec(file: file)
        spec.file = file
        spec.fileLocation = fileNode.location
        return decodePlacement(node, into: &spec, path: path, report: report) ? spec : nil
    }

    /// Reads `size`, `padding`, `background` and `shape` into `spec`; false if any is wrong.
    private static func decodePlacement(_ node: JSONNode, into spec: inout LogoSpec, path: String,
                                        report: (String, SourceLocation, String) -> Void) -> Bool {
        var valid = true
        if let sizeNode = node["size"] {
            spec.sizeLocation = sizeNode.location
            if sizeNode.stringValue == "auto" {
                spec.size = .auto
            } else if case .number(let text) = sizeNode.kind, let value = Double(text), value > 0, value <= 0.4 {
                spec.size = .fraction(value)
            } else {
                report("\(path).size", sizeNode.location, "must be \"auto\" or a fraction of the symbol's width from 0 to 0.4, such as 0.2")
                valid = false
            }
        }
        if let paddingNode = node["padding"] {
            if case .number(let text) = paddingNode.kind, let value = Double(text), (0...4).contains(value) {
                spec.padding = value
            } else {
                report("\(path).padding", paddingNode.location, "must be a number of modules from 0 to 4")
                valid = false
            }
        }
        if let backgroundNode = node["background"] {
            if backgroundNode.stringValue == "none" {
                spec.background = .none
            } else if let text = backgroundNode.stringValue, let color = try? RGBAColor(parsing: text) {
                spec.background = .color(color)
            } else {
                report("\(path).background", backgroundNode.location, "must be a colour such as \"#ffffff\", or \"none\"")
                valid = false
            }
        }
        if let shapeNode = node["shape"] {
            if let text = shapeNode.stringValue, let shape = LogoFootprint.Shape(rawValue: text) {
                spec.shape = shape
            } else {
                report("\(path).shape", shapeNode.location, "must be \"square\" or \"circle\"")
                valid = false
            }
        }
        return valid
    }
}

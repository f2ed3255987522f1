import Foundation
import QRRender

/// Writes a `StyledDrawing` as a self-contained SVG: one `<path>` per colour layer, the
/// gradient as `<linearGradient>` or `<radialGradient>`, the frame's text as outlines, the
/// logo embedded as a `data:` URI.
///
/// The logo is an `<image>` rather than the logo's own elements pasted in: an embedded
/// image cannot run scripts, load files or clash with the ids and styles of a page the SVG
/// is inlined into, and librsvg, Chromium and Inkscape draw it alike.
struct StyledSVGWriter {
    let drawing: StyledDrawing
    /// Printed width; the height follows the drawing's proportions.
    let size: PhysicalLength?

    func document() -> [UInt8] {
        var layers: [(paint: StyledDrawing.Paint, data: String)] = []
        for layer in drawing.layers + drawing.overlays where !layer.path.isEmpty {
            layers.append((layer.paint, Self.pathData(layer.path)))
        }
        // Ids unique to this drawing, so two codes inlined into one page never share one.
        let prefix = "qr" + String(Self.fnv1a(layers.map(\.data).joined() + (drawing.logo.map { "\($0.image.bytes.count)" } ?? "")), radix: 36)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 "
        out += Self.number(drawing.width) + " " + Self.number(drawing.height) + "\""
        if let size {
            let height = Self.number(size.value * drawing.height / drawing.width) + size.unit.rawValue
            out += " width=\"\(size.svgValue)\" height=\"\(height)\""
        }
        out += ">"
        var defs = ""
        var gradientIDs: [StyledDrawing.Paint: String] = [:]
        for layer in layers {
            guard case .gradient(let gradient, let x, let y, let side) = layer.paint, gradientIDs[layer.paint] == nil else { continue }
            let id = "\(prefix)g\(gradientIDs.count)"
            gradientIDs[layer.paint] = id
            defs += Self.gradient(gradient, id: id, x: x, y: y, side: side)
        }
        if let logo = drawing.logo, logo.clipsToCircle {
            let side = max(logo.width, logo.height)
            defs += "<clipPath id=\"\(prefix)c\"><circle cx=\"\(Self.number(logo.x + logo.width / 2))\" cy=\"\(Self.number(logo.y + logo.height / 2))\" r=\"\(Self.number(side / 2))\"/></clipPath>"
        }
        if !defs.isEmpty { out += "<defs>" + defs + "</defs>" }
        let below = drawing.layers.filter { !$0.path.isEmpty }.count
        for (index, layer) in layers.enumerated() {
            if index == below, let logo = drawing.logo { out += image(logo, clip: "\(prefix)c") }
            out += "<path" + fill(layer.paint, gradientIDs) + " fill-rule=\"evenodd\" d=\"" + layer.data + "\"/>"
        }
        if layers.count == below, let logo = drawing.logo { out += image(logo, clip: "\(prefix)c") }
        out += "</svg>\n"
        return Array(out.utf8)
    }

    private func image(_ logo: StyledDrawing.PlacedLogo, clip: String) -> String {
        "<image x=\"\(Self.number(logo.x))\" y=\"\(Self.number(logo.y))\" width=\"\(Self.number(logo.width))\" height=\"\(Self.number(logo.height))\""
            + " preserveAspectRatio=\"xMidYMid meet\"" + (logo.clipsToCircle ? " clip-path=\"url(#\(clip))\"" : "")
            + " xlink:href=\"" + logo.image.dataURI + "\"/>"
    }

    private func fill(_ paint: StyledDrawing.Paint, _ ids: [StyledDrawing.Paint: String]) -> String {
        switch paint {
        case .solid(let color):
            return " fill=\"\(color.hexRGB)\"" + (color.isOpaque ? "" : " fill-opacity=\"\(Self.number(Double(color.alpha) / 255))\"")
        case .gradient:
            return " fill=\"url(#\(ids[paint] ?? ""))\""
        }
    }

    private static func gradient(_ gradient: StyleGradient, id: String, x: Double, y: Double, side: Double) -> String {
        var out: String
        switch gradient.kind {
        case .linear:
            let (start, end) = gradient.linearEnds(x: x, y: y, side: side)
            out = "<linearGradient id=\"\(id)\" gradientUnits=\"userSpaceOnUse\" x1=\"\(number(start.x))\" y1=\"\(number(start.y))\" x2=\"\(number(end.x))\" y2=\"\(number(end.y))\">"
        case .radial:
            let (center, radius) = gradient.radialCircle(x: x, y: y, side: side)
            out = "<radialGradient id=\"\(id)\" gradientUnits=\"userSpaceOnUse\" cx=\"\(number(center.x))\" cy=\"\(number(center.y))\" r=\"\(number(radius))\">"
        }
        for stop in gradient.stops {
            out += "<stop offset=\"\(number(stop.offset))\" stop-color=\"\(stop.color.hexRGB)\""
            if !stop.color.isOpaque { out += " stop-opacity=\"\(number(Double(stop.color.alpha) / 255))\"" }
            out += "/>"
        }
        return out + (gradient.kind == .linear ? "</linearGradient>" : "</radialGradient>")
    }

    /// SVG path data, absolute commands, coordinates to a thousandth of a module.
    static func pathData(_ path: VectorPath) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(path.elements.count * 14)
        func point(_ p: VectorPath.Point) {
            appendNumber(p.x, to: &out)
            out.append(0x20)
            appendNumber(p.y, to: &out)
        }
        for element in path.elements {
            switch element {
            case .move(let p): out.append(UInt8(ascii: "M")); point(p)
            case .line(let p): out.append(UInt8(ascii: "L")); point(p)
            case .curve(let a, let b, let p):
                out.append(UInt8(ascii: "C")); point(a); out.append(0x20); point(b); out.append(0x20); point(p)
            case .close: out.append(UInt8(ascii: "Z"))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func number(_ value: Double) -> String {
        var out: [UInt8] = []
        appendNumber(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` to three decimals, without trailing zeros ("12.5", "-0.25", "7").
    static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        let thousandths = Int((value * 1000).rounded())
        if thousandths < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = thousandths.magnitude
        out.append(contentsOf: String(magnitude / 1000).utf8)
        var fraction = Int(magnitude % 1000)
        guard fraction > 0 else { return }
        out.append(UInt8(ascii: "."))
        var digits = 3
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let text = String(fraction)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits - text.count))
        out.append(contentsOf: text.utf8)
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

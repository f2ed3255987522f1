import QRCore

/// Renders a symbol as a compact SVG document.
///
/// All dark modules form one `<path>` of horizontal runs on an integer grid, with
/// `shape-rendering="crispEdges"`, so no seams show between modules at any zoom.
/// The `viewBox` is in modules, quiet zone included.
public struct SVGRenderer: Sendable {
    public var style: RenderStyle
    /// Printed width and height; without it the SVG scales to its container.
    public var size: PhysicalLength?

    public init(style: RenderStyle = RenderStyle(), size: PhysicalLength? = nil) {
        self.style = style
        self.size = size
    }

    /// The SVG document for `code`.
    ///
    /// - Complexity: O(size²).
    public func render(_ code: QRCode) -> String {
        var out = ByteWriter(capacity: code.size * code.size + 256)
        let total = code.size + 2 * style.margin
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        out.append(total)
        out.append(" ")
        out.append(total)
        out.append("\"")
        if let size {
            out.append(" width=\"\(size.svgValue)\" height=\"\(size.svgValue)\"")
        }
        out.append(" shape-rendering=\"crispEdges\">")
        if style.background.alpha > 0 {
            out.append("<rect width=\"100%\" height=\"100%\"")
            appendPaint(style.background, to: &out)
            out.append("/>")
        }
        out.append("<path")
        appendPaint(style.foreground, to: &out)
        out.append(" d=\"")
        appendRuns(of: code, to: &out)
        out.append("\"/></svg>\n")
        return out.string
    }

    /// `fill` and, when not opaque, `fill-opacity`: wider support than 8-digit hex colours.
    private func appendPaint(_ color: RGBAColor, to out: inout ByteWriter) {
        out.append(" fill=\"\(color.hexRGB)\"")
        if !color.isOpaque {
            out.append(" fill-opacity=\"")
            out.appendOpacity(color.alpha)
            out.append("\"")
        }
    }

    /// One `M x y h n v1 H x z` rectangle per horizontal run of dark modules.
    private func appendRuns(of code: QRCode, to out: inout ByteWriter) {
        let size = code.size
        let margin = style.margin
        // A run takes at most 1 + 4 + 1 + 3 + 1 + 3 + 3 + 4 + 1 = 21 bytes, and a row
        // holds at most (size + 1) / 2 runs.
        out.reserve(size * ((size + 1) / 2) * 21)
        for y in 0..<size {
            for run in code.rowBits(y).darkRuns(among: size) {
                out.appendByte(UInt8(ascii: "M"))
                out.append(run.lowerBound + margin)
                out.appendByte(UInt8(ascii: " "))
                out.append(y + margin)
                out.appendByte(UInt8(ascii: "h"))
                out.append(run.count)
                out.appendByte(UInt8(ascii: "v"))
                out.appendByte(UInt8(ascii: "1"))
                out.appendByte(UInt8(ascii: "H"))
                out.append(run.lowerBound + margin)
                out.appendByte(UInt8(ascii: "z"))
            }
        }
    }
}

/// An ASCII byte buffer with fast integer formatting, for building SVG and text output.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func reserve(_ extra: Int) { bytes.reserveCapacity(bytes.count + extra) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    @inline(__always)
    mutating func appendByte(_ byte: UInt8) { bytes.append(byte) }

    /// A non-negative integer in decimal.
    @inline(__always)
    mutating func append(_ value: Int) {
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + value))
        } else if value < 100 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + value / 10))
            bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
        } else if value < 1000 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + value / 100))
            bytes.append(UInt8(truncatingIfNeeded: 48 + value / 10 % 10))
            bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// `alpha / 255` with up to three decimals, e.g. `0.502`.
    mutating func appendOpacity(_ alpha: UInt8) {
        let thousandths = (Int(alpha) * 1000 + 127) / 255
        if thousandths >= 1000 {
            append("1")
            return
        }
        var digits = String(thousandths)
        while digits.count < 3 { digits = "0" + digits }
        while digits.hasSuffix("0") { digits.removeLast() }
        append(digits.isEmpty ? "0" : "0.\(digits)")
    }
}

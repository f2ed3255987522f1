import CCairo
import CRsvg
import Foundation
import QRCore
import QRRender

/// Draws a code with a `CodeStyle`: anti-aliased PNG and vector PDF and EPS through cairo,
/// SVG written directly. Every format is drawn from one `StyledDrawing`, so they match.
public struct StyledRenderer: Sendable {
    public enum Format: Sendable {
        /// A PNG of `pixelsPerModule` per module, quiet zone and frame included; `dpi`
        /// recorded in it when given.
        case png(pixelsPerModule: Int, dpi: Int? = nil)
        /// A vector page; the height follows the width (taller with a frame).
        case pdf(PrintSize)
        case eps(PrintSize)
        /// An SVG, `size` wide when given, else scaling to its container.
        case svg(size: PhysicalLength?)
    }

    /// How large a PDF or EPS page is printed.
    public enum PrintSize: Sendable {
        /// Points (1/72 inch) per module.
        case pointsPerModule(Double)
        /// The whole page's width in points, quiet zone and frame included.
        case width(points: Double)
    }

    /// A rendered file and, when asked for, the picture in grey as a decoder sees it.
    public struct Output: Sendable {
        public let bytes: [UInt8]
        public let gray: GrayImage?
    }

    /// Pixels per module when a vector output is rasterised to be checked.
    static let checkPixelsPerModule = 8

    public let style: CodeStyle

    public init(style: CodeStyle) {
        self.style = style
    }

    /// The file for `code` in `format`.
    public func render(_ code: QRCode, as format: Format) throws(StyleRenderError) -> [UInt8] {
        try render(code, as: format, keepingGray: false).bytes
    }

    /// The file for `code` in `format` and, with `keepingGray`, the same picture in grey:
    /// a PNG's own pixels; a PDF or EPS page's drawing rasterised; an SVG's bytes
    /// rasterised by librsvg, so what is checked is what was written.
    ///
    /// - Complexity: O(size²), plus O(size³) once for an `auto` logo.
    public func render(_ code: QRCode, as format: Format, keepingGray: Bool) throws(StyleRenderError) -> Output {
        AllocatorTuning.applied
        let drawing = try DrawingBuilder(style: style).drawing(of: code)
        switch format {
        case .png(let scale, let dpi):
            let canvas = try CairoCanvas(.image(width: Int((drawing.width * Double(scale)).rounded()),
                                                height: Int((drawing.height * Double(scale)).rounded())))
            try CairoPainter.paint(drawing, into: canvas, unit: Double(scale))
            return Output(bytes: try canvas.png(dpi: dpi), gray: keepingGray ? try canvas.gray() : nil)
        case .pdf(let size), .eps(let size):
            let unit: Double = switch size {
            case .pointsPerModule(let points): points
            case .width(let points): points / drawing.width
            }
            let page = (width: drawing.width * unit, height: drawing.height * unit)
            let canvas: CairoCanvas
            if case .pdf = format {
                canvas = try CairoCanvas(.pdf(width: page.width, height: page.height))
            } else {
                canvas = try CairoCanvas(.eps(width: page.width, height: page.height))
            }
            try CairoPainter.paint(drawing, into: canvas, unit: unit)
            let bytes = try canvas.finishDocument()
            return Output(bytes: bytes, gray: keepingGray ? try Self.rasterised(drawing) : nil)
        case .svg(let size):
            let bytes = StyledSVGWriter(drawing: drawing, size: size).document()
            return Output(bytes: bytes, gray: keepingGray ? try Self.rasterisedSVG(bytes, drawing: drawing) : nil)
        }
    }

    /// The drawing painted in grey at the checking resolution.
    private static func rasterised(_ drawing: StyledDrawing) throws(StyleRenderError) -> GrayImage {
        let scale = Double(checkPixelsPerModule)
        let canvas = try CairoCanvas(.image(width: Int((drawing.width * scale).rounded()), height: Int((drawing.height * scale).rounded())))
        try CairoPainter.paint(drawing, into: canvas, unit: scale)
        return try canvas.gray()
    }

    /// An SVG document rasterised by librsvg at the checking resolution.
    private static func rasterisedSVG(_ bytes: [UInt8], drawing: StyledDrawing) throws(StyleRenderError) -> GrayImage {
        var error: UnsafeMutablePointer<GError>?
        guard let handle = bytes.withUnsafeBufferPointer({ rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }) else {
            throw StyleRenderError(description: "librsvg cannot read the SVG qrbuild wrote: \(GLibError.message(error))")
        }
        defer { qrbuild_unref(UnsafeMutableRawPointer(handle)) }
        let scale = Double(checkPixelsPerModule)
        let width = Int((drawing.width * scale).rounded()), height = Int((drawing.height * scale).rounded())
        let canvas = try CairoCanvas(.image(width: width, height: height))
        try LogoImage.renderSVG(handle, into: canvas.context, x: 0, y: 0, width: Double(width), height: Double(height),
                                what: "the SVG qrbuild wrote")
        return try canvas.gray()
    }
}

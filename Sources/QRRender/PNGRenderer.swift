import QRCore

/// Renders a symbol as a PNG image with our own encoder over zlib.
///
/// Picks the smallest faithful pixel format: 1-bit greyscale for black on white,
/// a 1-bit two-entry palette for any other two opaque colours, and 8-bit RGBA when
/// either colour has alpha.
public struct PNGRenderer: Sendable {
    /// How big the image is.
    public enum Scale: Hashable, Sendable {
        /// Whole pixels per module.
        case pixelsPerModule(Int)
        /// An exact image width (and height) in pixels. Modules get the largest whole
        /// number of pixels that fits; the pixels left over widen the quiet zone.
        case width(Int)
    }

    /// Why an image could not be made.
    public enum RenderError: Error, Hashable, Sendable, CustomStringConvertible {
        case scaleTooSmall(Int)
        case widthTooSmall(width: Int, modules: Int)
        case imageTooLarge(width: Int)
        case compression(ZlibError)

        public var description: String {
            switch self {
            case .scaleTooSmall(let scale):
                "scale must be at least 1 pixel per module (got \(scale))"
            case .widthTooSmall(let width, let modules):
                "width \(width) px is too small: the symbol with its quiet zone is \(modules) modules wide, "
                    + "so it needs at least \(modules) px"
            case .imageTooLarge(let width):
                "image would be \(width) px wide; the limit is \(PNGRenderer.maximumWidth) px"
            case .compression(let error):
                error.description
            }
        }
    }

    /// The widest image this renderer makes, to keep memory bounded.
    public static let maximumWidth = 20_000

    public var style: RenderStyle
    public var scale: Scale
    /// Dots per inch recorded in a `pHYs` chunk, if any.
    public var dpi: Int?
    /// zlib level; the scanline layout already makes the data very compressible.
    public var compressionLevel: Int32 = 6

    public init(style: RenderStyle = RenderStyle(), scale: Scale = .pixelsPerModule(10), dpi: Int? = nil) {
        self.style = style
        self.scale = scale
        self.dpi = dpi
    }

    /// The PNG file for `code`.
    ///
    /// - Complexity: O(width²) bits of raw image data, compressed once.
    public func render(_ code: QRCode) throws(RenderError) -> [UInt8] {
        let geometry = try PixelGeometry(moduleCount: code.size + 2 * style.margin, scale: scale)
        let format = PixelFormat(style: style)
        var writer = PNGWriter(width: geometry.width, height: geometry.width,
                               bitDepth: format.bitDepth, colorType: format.colorType)
        if format.colorType == .indexed { writer.appendPalette([style.background, style.foreground]) }
        if let dpi { writer.appendDensity(dpi: dpi) }
        let scanlines = makeScanlines(code: code, geometry: geometry, format: format)
        do {
            try writer.finish(scanlines: scanlines, compressionLevel: compressionLevel)
        } catch {
            throw .compression(error)
        }
        return writer.bytes
    }

    /// Filtered scanlines. The first pixel row of each module row is written as is
    /// (filter 0); the rows repeating it use filter 2 ("up"), which makes them all zeros.
    private func makeScanlines(code: QRCode, geometry: PixelGeometry, format: PixelFormat) -> [UInt8] {
        let rowBytes = format.bytesPerRow(width: geometry.width)
        var output = [UInt8](repeating: 0, count: (rowBytes + 1) * geometry.width)
        var line = [UInt8](repeating: 0, count: rowBytes)
        var previousModuleRow = Int.min
        for pixelY in 0..<geometry.width {
            let moduleY = geometry.module(atPixel: pixelY) - style.margin
            let start = pixelY * (rowBytes + 1)
            if moduleY == previousModuleRow {
                output[start] = 2
                continue
            }
            previousModuleRow = moduleY
            format.fill(&line, width: geometry.width) { pixelX in
                code[geometry.module(atPixel: pixelX) - style.margin, moduleY]
            }
            output[start] = 0
            output.replaceSubrange(start + 1..<start + 1 + rowBytes, with: line)
        }
        return output
    }
}

/// Where pixels fall on modules: the image width and the quiet-zone padding.
struct PixelGeometry {
    let width: Int
    let pixelsPerModule: Int
    /// Pixels before the first module (left and top).
    let leadingPadding: Int
    let moduleCount: Int

    init(moduleCount: Int, scale: PNGRenderer.Scale) throws(PNGRenderer.RenderError) {
        self.moduleCount = moduleCount
        switch scale {
        case .pixelsPerModule(let pixels):
            guard pixels >= 1 else { throw .scaleTooSmall(pixels) }
            guard pixels <= PNGRenderer.maximumWidth / moduleCount else {
                throw .imageTooLarge(width: pixels * moduleCount)
            }
            pixelsPerModule = pixels
            width = pixels * moduleCount
            leadingPadding = 0
        case .width(let target):
            guard target >= moduleCount else { throw .widthTooSmall(width: target, modules: moduleCount) }
            guard target <= PNGRenderer.maximumWidth else { throw .imageTooLarge(width: target) }
            pixelsPerModule = target / moduleCount
            width = target
            leadingPadding = (target - pixelsPerModule * moduleCount) / 2
        }
    }

    /// The module (quiet zone included, so 0 is the first quiet-zone module) under a pixel.
    /// Padding pixels map outside the symbol, so they stay light.
    @inline(__always)
    func module(atPixel pixel: Int) -> Int {
        let offset = pixel - leadingPadding
        return offset < 0 ? -1 : min(offset / pixelsPerModule, moduleCount)
    }
}

/// The PNG pixel layout for a style's two colours.
struct PixelFormat {
    let colorType: PNGWriter.ColorType
    let bitDepth: UInt8
    private let foreground: RGBAColor
    private let background: RGBAColor

    init(style: RenderStyle) {
        foreground = style.foreground
        background = style.background
        if !style.foreground.isOpaque || !style.background.isOpaque {
            colorType = .truecolorAlpha
            bitDepth = 8
        } else if style.foreground == .black && style.background == .white {
            colorType = .greyscale
            bitDepth = 1
        } else {
            colorType = .indexed
            bitDepth = 1
        }
    }

    func bytesPerRow(width: Int) -> Int {
        colorType == .truecolorAlpha ? width * 4 : (width + 7) / 8
    }

    /// Writes one pixel row; `isDark(x)` says whether pixel `x` shows a dark module.
    @inline(__always)
    func fill(_ line: inout [UInt8], width: Int, isDark: (Int) -> Bool) {
        switch colorType {
        case .truecolorAlpha:
            for x in 0..<width {
                let color = isDark(x) ? foreground : background
                line[x * 4] = color.red
                line[x * 4 + 1] = color.green
                line[x * 4 + 2] = color.blue
                line[x * 4 + 3] = color.alpha
            }
        default:
            // Greyscale: 0 is black, so dark modules are 0 bits. Palette: entry 1 is the foreground.
            let darkBit: UInt8 = colorType == .greyscale ? 0 : 1
            for index in line.indices { line[index] = 0 }
            for x in 0..<width where (isDark(x) ? darkBit : 1 - darkBit) == 1 {
                line[x >> 3] |= 0x80 >> UInt8(x & 7)
            }
        }
    }
}

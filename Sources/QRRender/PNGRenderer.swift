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
    /// How hard zlib works on the image data.
    public enum Compression: Hashable, Sendable {
        /// Our own deflate encoder, which looks for matches only where an image repeats
        /// itself (a pixel, a row, a module row back). Measured on version-3 codes at
        /// 10 px per module: files about 5% larger than zlib level 6 makes, in a tenth of the time.
        case balanced
        /// zlib level 9: the smallest files.
        case smallest
        /// zlib level 1: the fastest.
        case fastest

        /// The zlib settings, or nil for our own encoder.
        var zlibSettings: DeflateSettings? {
            switch self {
            case .balanced: nil
            case .smallest: DeflateSettings(level: 9)
            case .fastest: DeflateSettings(level: 1)
            }
        }
    }

    public var compression: Compression = .balanced

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
        let rowStride = format.bytesPerRow(width: geometry.width) + 1
        if let settings = compression.zlibSettings {
            do {
                writer.finish(imageData: try Zlib.compress(scanlines, settings: settings))
            } catch {
                throw .compression(error)
            }
        } else {
            let deflater = ImageDeflater(distances: [rowStride, format.bytesPerPixel, rowStride * geometry.pixelsPerModule])
            writer.finish(imageData: deflater.compress(scanlines))
        }
        return writer.bytes
    }

    /// Scanlines, each with filter 0 (none). The pixel rows that repeat a module row
    /// are copied: deflate codes each as one match a row back. (Filter 2, "up", would
    /// turn them into zeros, but the long zero runs make zlib's match search slower and
    /// the files larger: measured.)
    ///
    /// - Complexity: O(width²/8) bytes, written a dark run at a time rather than a pixel at a time.
    private func makeScanlines(code: QRCode, geometry: PixelGeometry, format: PixelFormat) -> [UInt8] {
        let rowBytes = format.bytesPerRow(width: geometry.width)
        let stride = rowBytes + 1
        let width = geometry.width
        let scale = geometry.pixelsPerModule
        let origin = geometry.leadingPadding + style.margin * scale
        return [UInt8](unsafeUninitializedCapacity: stride * width) { output, count in
            count = stride * width
            var previousModuleRow = Int.min
            var lineStart = 0
            code.modules.withUnsafeBufferPointer { modules in
                for pixelY in 0..<width {
                    let start = pixelY * stride
                    let moduleY = geometry.module(atPixel: pixelY) - style.margin
                    if moduleY == previousModuleRow {
                        // A repeated row, written as is: deflate finds it one row back.
                        output[start] = 0
                        let source = UnsafeBufferPointer(rebasing: output[lineStart..<lineStart + rowBytes])
                        _ = UnsafeMutableBufferPointer(rebasing: output[start + 1..<start + stride])
                            .update(fromContentsOf: source)
                        continue
                    }
                    previousModuleRow = moduleY
                    lineStart = start + 1
                    output[start] = 0
                    let line = UnsafeMutableBufferPointer(rebasing: output[lineStart..<lineStart + rowBytes])
                    format.fillBackground(line)
                    guard moduleY >= 0, moduleY < code.size else { continue }
                    var x = 0
                    while x < code.size {
                        guard modules[moduleY * code.size + x] else {
                            x += 1
                            continue
                        }
                        let runStart = x
                        while x < code.size, modules[moduleY * code.size + x] { x += 1 }
                        format.fillForeground(line, pixels: origin + runStart * scale..<origin + x * scale)
                    }
                }
            }
        }
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

    /// The distance in bytes between one pixel and the next (1 for packed 1-bit pixels).
    var bytesPerPixel: Int { colorType == .truecolorAlpha ? 4 : 1 }

    func bytesPerRow(width: Int) -> Int {
        colorType == .truecolorAlpha ? width * 4 : (width + 7) / 8
    }

    /// Fills a pixel row with the background colour.
    @inline(__always)
    func fillBackground(_ line: UnsafeMutableBufferPointer<UInt8>) {
        switch colorType {
        case .truecolorAlpha:
            for x in 0..<line.count / 4 { write(background, to: line, at: x) }
        default:
            // Greyscale: white is 1. Palette: entry 0 is the background.
            line.update(repeating: colorType == .greyscale ? 0xFF : 0x00)
        }
    }

    /// Paints `pixels` of a row in the foreground colour.
    @inline(__always)
    func fillForeground(_ line: UnsafeMutableBufferPointer<UInt8>, pixels: Range<Int>) {
        switch colorType {
        case .truecolorAlpha:
            for x in pixels { write(foreground, to: line, at: x) }
        default:
            // Greyscale: black is 0, so dark clears bits. Palette: entry 1 is the foreground.
            setBits(line, pixels, on: colorType != .greyscale)
        }
    }

    @inline(__always)
    private func write(_ color: RGBAColor, to line: UnsafeMutableBufferPointer<UInt8>, at x: Int) {
        line[x * 4] = color.red
        line[x * 4 + 1] = color.green
        line[x * 4 + 2] = color.blue
        line[x * 4 + 3] = color.alpha
    }

    /// Sets (`on`) or clears the bits for `pixels`, most significant bit first: whole
    /// bytes at once, partial bytes at the ends.
    @inline(__always)
    private func setBits(_ line: UnsafeMutableBufferPointer<UInt8>, _ pixels: Range<Int>, on: Bool) {
        var pixel = pixels.lowerBound
        let end = pixels.upperBound
        while pixel < end {
            if pixel & 7 == 0 && end - pixel >= 8 {
                line[pixel >> 3] = on ? 0xFF : 0x00
                pixel += 8
                continue
            }
            let bit: UInt8 = 0x80 >> UInt8(pixel & 7)
            line[pixel >> 3] = on ? line[pixel >> 3] | bit : line[pixel >> 3] & ~bit
            pixel += 1
        }
    }
}

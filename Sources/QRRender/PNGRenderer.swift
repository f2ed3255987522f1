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
        /// 10 px per module: files about 10% larger than zlib level 6 makes (541 against
        /// 494 bytes), in a sixth of the time.
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
        let rows = makeRows(code: code, geometry: geometry, format: format)
        if let settings = compression.zlibSettings {
            do {
                writer.finish(imageData: try Zlib.compress(rows.expanded, settings: settings))
            } catch {
                throw .compression(error)
            }
        } else {
            writer.finish(imageData: ImageDeflater(distances: [format.bytesPerPixel]).compress(rows))
        }
        return writer.bytes
    }

    /// The scanlines, each with filter 0 (none), as distinct rows and their repeats: the
    /// pixel rows of one module row are identical. (Filter 2, "up", would turn repeats into
    /// zeros, but the long zero runs made zlib's match search slower and the files larger: measured.)
    ///
    /// - Complexity: O(width/8) bytes per module row, written a dark run at a time.
    private func makeRows(code: QRCode, geometry: PixelGeometry, format: PixelFormat) -> RepeatedRows {
        let rowBytes = format.bytesPerRow(width: geometry.width)
        let stride = rowBytes + 1
        let scale = geometry.pixelsPerModule
        let origin = geometry.leadingPadding + style.margin * scale
        // Padding rows above (module −1), each module row `scale` times, padding below.
        var moduleRows = geometry.leadingPadding > 0 ? [-1 - style.margin] : []
        var repeats = geometry.leadingPadding > 0 ? [geometry.leadingPadding] : []
        moduleRows += (0..<geometry.moduleCount).map { $0 - style.margin }
        repeats += repeatElement(scale, count: geometry.moduleCount)
        let trailing = geometry.width - geometry.leadingPadding - geometry.moduleCount * scale
        if trailing > 0 {
            moduleRows.append(geometry.moduleCount - style.margin)
            repeats.append(trailing)
        }
        let expansion = format.bitDepth == 1
            ? ModuleExpansion(scale: scale, darkBit: format.colorType == .greyscale ? 0 : 1) : nil
        // Eight bytes of room past the last row: `PackedRow` stores a word at a time.
        let bytes = [UInt8](unsafeUninitializedCapacity: stride * moduleRows.count + 8) { output, count in
            count = stride * moduleRows.count
            for (row, moduleY) in moduleRows.enumerated() {
                output[row * stride] = 0
                let line = UnsafeMutableBufferPointer(rebasing: output[(row * stride + 1)..<((row + 1) * stride)])
                guard moduleY >= 0, moduleY < code.size else {
                    format.fillBackground(line)
                    continue
                }
                let bits = code.rowBits(moduleY)
                if let expansion {
                    if expansion.fillWholeBytes(line, bits: bits, modules: code.size, origin: origin) { continue }
                    var packed = PackedRow(line: line)
                    expansion.fill(&packed, bits: bits, modules: code.size, origin: origin)
                    continue
                }
                format.fillBackground(line)
                for run in bits.darkRuns(among: code.size) {
                    format.fillForeground(line, pixels: origin + run.lowerBound * scale..<origin + run.upperBound * scale)
                }
            }
        }
        return RepeatedRows(bytes: bytes, rowLength: stride, repeats: repeats)
    }
}

/// Turns modules into 1-bit pixels a few modules at a time: a table holds the pixels of
/// every combination of `chunk` modules, so a row takes one lookup and one write per
/// chunk, with no branch on whether a module is dark, which the processor cannot guess.
struct ModuleExpansion {
    let scale: Int
    let lightBit: UInt64
    /// Modules per lookup: as many as leave the pixels, plus the 7 a `PackedRow` may hold
    /// back, within 64 bits; at most 4 (a 16-entry table); 0 when one module is too wide.
    let chunk: Int
    /// Per combination of `chunk` modules (the first in the lowest bit), its pixels, the
    /// first module's in the highest bits.
    private let pixels: [UInt64]
    /// When a chunk's pixels are whole bytes (`chunkBytes` of them; 0 otherwise): per
    /// combination, those bytes in memory order, for one eight-byte store.
    private let chunkBytes: Int
    private let storedChunks: [UInt64]

    init(scale: Int, darkBit: UInt64) {
        self.scale = scale
        lightBit = 1 - darkBit
        chunk = min(4, 57 / scale)
        let run = scale < 64 ? (UInt64(1) << UInt64(scale)) - 1 : ~0
        let (chunk, lightBit) = (chunk, lightBit)
        pixels = (0..<(1 << chunk)).map { modules in
            (0..<chunk).reduce(UInt64(0)) { value, index in
                value << UInt64(scale) | (lightBit ^ UInt64(modules >> index & 1)) &* run
            }
        }
        let chunkBits = chunk * scale
        chunkBytes = chunk > 0 && chunkBits % 8 == 0 ? chunkBits / 8 : 0
        storedChunks = chunkBytes > 0 ? pixels.map { ($0 << UInt64(64 - chunkBits)).bigEndian } : []
    }

    /// Fills `line` as `fill` does, a whole chunk of bytes per store, when the modules
    /// start on a byte and a chunk is whole bytes (margin 4 at an even scale, the usual
    /// PNG); false, with `line` untouched, otherwise. The last chunk is stored whole, its
    /// modules past the row light like the margin after it; each store writes eight bytes,
    /// the ones past the chunk overwritten by the next chunk, the light bytes at the end of
    /// the row or the next row (the caller's eight bytes of room past the last row).
    func fillWholeBytes(_ line: UnsafeMutableBufferPointer<UInt8>, bits: RowBits, modules: Int, origin: Int) -> Bool {
        guard chunkBytes > 0, origin % 8 == 0 else { return false }
        let start = origin / 8
        let chunks = (modules + chunk - 1) / chunk
        guard start + chunks * chunkBytes <= line.count, let base = UnsafeMutableRawPointer(line.baseAddress) else { return false }
        let light: UInt8 = lightBit == 1 ? 0xFF : 0x00
        UnsafeMutableBufferPointer(rebasing: line[..<start]).update(repeating: light)
        storedChunks.withUnsafeBufferPointer { stored in
            for index in 0..<chunks {
                base.storeBytes(of: stored[Int(bits.bits(from: index * chunk, count: chunk))],
                                toByteOffset: start + index * chunkBytes, as: UInt64.self)
            }
        }
        UnsafeMutableBufferPointer(rebasing: line[(start + chunks * chunkBytes)...]).update(repeating: light)
        return true
    }

    /// Fills `row`: `origin` light pixels, `scale` per module, light pixels to the end.
    func fill(_ row: inout PackedRow, bits: RowBits, modules: Int, origin: Int) {
        row.appendRun(lightBit, count: origin)
        if chunk > 0 {
            pixels.withUnsafeBufferPointer { pixels in
                var x = 0
                while x + chunk <= modules {
                    row.append(pixels[Int(bits.bits(from: x, count: chunk))], count: chunk * scale)
                    x += chunk
                }
                if x < modules {
                    // The last few: the table's entry for them (and light modules after), cut short.
                    let left = modules - x
                    row.append(pixels[Int(bits.bits(from: x, count: chunk))] >> UInt64((chunk - left) * scale),
                               count: left * scale)
                }
            }
        } else {
            for x in 0..<modules { row.appendRun(lightBit ^ bits.bits(from: x, count: 1), count: scale) }
        }
        row.appendRun(lightBit, count: row.remainingBits)
    }
}

/// A row of 1-bit pixels written through a bit accumulator, most significant bit first,
/// a word at a time: each append stores the bytes it completes, and garbage after them
/// that later appends (or the next row) overwrite. So the memory after the line must be
/// writable for eight bytes, and written afterwards in order.
struct PackedRow {
    let line: UnsafeMutableBufferPointer<UInt8>
    private let base: UnsafeMutableRawPointer?
    private var pending: UInt64 = 0
    private var pendingCount = 0
    private var written = 0

    init(line: UnsafeMutableBufferPointer<UInt8>) {
        self.line = line
        base = UnsafeMutableRawPointer(line.baseAddress)
    }

    /// Pixels not yet written.
    var remainingBits: Int { (line.count - written) * 8 - pendingCount }

    /// `count` copies of `bit` (0 or 1).
    mutating func appendRun(_ bit: UInt64, count: Int) {
        var remaining = count
        while remaining > 0 {
            let part = min(remaining, 32)
            append(bit &* ((1 << UInt64(part)) - 1), count: part)
            remaining -= part
        }
    }

    /// The low `count` (at most 57) bits of `bits`, most significant first.
    @inline(__always)
    mutating func append(_ bits: UInt64, count: Int) {
        pending = pending &<< UInt64(count) | bits
        pendingCount += count
        // The one check that keeps the stores in bounds: the caller's eight bytes of room.
        precondition(written <= line.count, "pixel row overflow")
        base?.storeBytes(of: (pending &<< UInt64(64 - pendingCount)).bigEndian, toByteOffset: written, as: UInt64.self)
        written += pendingCount &>> 3
        pendingCount &= 7
        pending &= (1 &<< UInt64(pendingCount)) &- 1
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

    /// Paints `pixels` of an RGBA row in the foreground colour (1-bit rows are `PackedRow`s).
    @inline(__always)
    func fillForeground(_ line: UnsafeMutableBufferPointer<UInt8>, pixels: Range<Int>) {
        for x in pixels { write(foreground, to: line, at: x) }
    }

    @inline(__always)
    private func write(_ color: RGBAColor, to line: UnsafeMutableBufferPointer<UInt8>, at x: Int) {
        line[x * 4] = color.red
        line[x * 4 + 1] = color.green
        line[x * 4 + 2] = color.blue
        line[x * 4 + 3] = color.alpha
    }
}

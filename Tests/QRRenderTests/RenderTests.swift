import QRCore
@testable import QRRender
import Testing

@Suite struct ColorAndLengthParsingTests {
    @Test func parsesHexColours() throws {
        #expect(try RGBAColor(parsing: "#1A2b3C") == RGBAColor(red: 0x1A, green: 0x2B, blue: 0x3C))
        #expect(try RGBAColor(parsing: "#00000080").alpha == 0x80)
        #expect(try RGBAColor(parsing: "transparent").alpha == 0)
        for bad in ["reddish", "#12345", "#1234567", "123456", "#GG0000", "#", ""] {
            #expect(throws: RGBAColor.ParseError.self) { try RGBAColor(parsing: bad) }
        }
    }

    @Test func parsesCSSColourNames() throws {
        #expect(try RGBAColor(parsing: "red") == RGBAColor(red: 255, green: 0, blue: 0))
        #expect(try RGBAColor(parsing: "Navy") == RGBAColor(red: 0, green: 0, blue: 128))
        #expect(try RGBAColor(parsing: "rebeccapurple") == RGBAColor(red: 0x66, green: 0x33, blue: 0x99))
        #expect(try RGBAColor(parsing: "grey") == RGBAColor(parsing: "gray"))
        #expect(RGBAColor.cssNames.count == 148)
    }

    @Test func parsesPhysicalLengths() throws {
        let length = try PhysicalLength(parsing: "30mm")
        #expect(length.svgValue == "30mm")
        #expect(abs(length.inches - 30 / 25.4) < 1e-9)
        #expect(try PhysicalLength(parsing: "1.5in").inches == 1.5)
        for bad in ["30", "mm", "-3mm", "0mm", "1e3mm", "3.mm", ".5in", "1.2.3cm", "３０mm"] {
            #expect(throws: PhysicalLength.ParseError.self) { try PhysicalLength(parsing: bad) }
        }
    }
}

@Suite struct PNGTests {
    let code: QRCode

    init() throws {
        code = try QRCode.encode(text: "https://qr.example.com/r/k3x9pq7m")
    }

    /// Chunk types in order, with their CRCs checked.
    func chunkTypes(_ png: [UInt8]) -> [String] {
        var types: [String] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let typeAndData = Array(png[offset + 4..<offset + 8 + length])
            let crc = png[offset + 8 + length..<offset + 12 + length].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(crc == Zlib.crc32(typeAndData))
            types.append(String(decoding: typeAndData.prefix(4), as: UTF8.self))
            offset += 12 + length
        }
        #expect(offset == png.count)
        return types
    }

    @Test func blackOnWhiteIsOneBitGreyscale() throws {
        let png = try PNGRenderer().render(code)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(chunkTypes(png) == ["IHDR", "IDAT", "IEND"])
        #expect(png[24] == 1 && png[25] == 0)  // bit depth, colour type
    }

    @Test func twoOpaqueColoursUseAPalette() throws {
        let style = RenderStyle(foreground: RGBAColor(red: 0, green: 0x33, blue: 0x66), background: .white)
        let png = try PNGRenderer(style: style).render(code)
        #expect(chunkTypes(png) == ["IHDR", "PLTE", "IDAT", "IEND"])
        #expect(png[24] == 1 && png[25] == 3)
    }

    @Test func alphaUsesRGBAAndDPIWritesPhys() throws {
        let png = try PNGRenderer(style: RenderStyle(background: .transparent), dpi: 600).render(code)
        #expect(chunkTypes(png) == ["IHDR", "pHYs", "IDAT", "IEND"])
        #expect(png[24] == 8 && png[25] == 6)
    }

    @Test func widthIsExactAndModulesAreWholePixels() throws {
        let geometry = try PixelGeometry(moduleCount: 37, scale: .width(400))
        #expect(geometry.width == 400)
        #expect(geometry.pixelsPerModule == 10)
        #expect(geometry.leadingPadding == 15)
        #expect(geometry.module(atPixel: 14) == -1)
        #expect(geometry.module(atPixel: 15) == 0)
        #expect(geometry.module(atPixel: 399) == 37)
        #expect(throws: PNGRenderer.RenderError.widthTooSmall(width: 36, modules: 37)) {
            try PixelGeometry(moduleCount: 37, scale: .width(36))
        }
        #expect(throws: PNGRenderer.RenderError.scaleTooSmall(0)) {
            try PixelGeometry(moduleCount: 37, scale: .pixelsPerModule(0))
        }
    }

    /// The decompressed scanlines of `png` (one IDAT chunk, as ours are).
    func scanlines(_ png: [UInt8]) throws -> [UInt8] {
        var offset = 8
        while offset + 12 <= png.count {
            let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            if String(decoding: png[offset + 4..<offset + 8], as: UTF8.self) == "IDAT" {
                return try inflate(Array(png[offset + 8..<offset + 8 + length]), capacity: 4 << 20)
            }
            offset += 12 + length
        }
        Issue.record("no IDAT chunk")
        return []
    }

    // Scales 1–14 expand four modules per table lookup, 15–19 three, 20–28 two,
    // 29–57 one; wider modules are written as runs. Where the modules start on a byte and
    // a lookup gives whole bytes (even scales, margin 4: 2, 4, 6, 8, 10, 16, 20), they are
    // stored a lookup at a time.
    @Test(arguments: [PNGRenderer.Scale.pixelsPerModule(1), .pixelsPerModule(2), .pixelsPerModule(3),
                      .pixelsPerModule(4), .pixelsPerModule(6), .pixelsPerModule(8), .pixelsPerModule(10),
                      .pixelsPerModule(16),
                      .pixelsPerModule(15), .pixelsPerModule(20), .pixelsPerModule(33), .pixelsPerModule(58),
                      .width(401), .width(97)])
    func everyPixelIsWhereItsModuleIs(scale: PNGRenderer.Scale) throws {
        let modules = code.modules
        // Pixel by pixel, from the modules, for greyscale (dark is 0) and a palette (dark is 1).
        for (style, darkBit) in [(RenderStyle(), 0), (RenderStyle(foreground: RGBAColor(red: 0, green: 0x33, blue: 0x66)), 1)] {
            let png = try PNGRenderer(style: style, scale: scale).render(code)
            let geometry = try PixelGeometry(moduleCount: code.size + 2 * style.margin, scale: scale)
            let rowBytes = (geometry.width + 7) / 8
            var expected: [UInt8] = []
            for y in 0..<geometry.width {
                var row = [UInt8](repeating: darkBit == 0 ? 0xFF : 0x00, count: rowBytes)
                let moduleY = geometry.module(atPixel: y) - style.margin
                for x in 0..<geometry.width {
                    let moduleX = geometry.module(atPixel: x) - style.margin
                    guard moduleX >= 0, moduleX < code.size, moduleY >= 0, moduleY < code.size,
                          modules[moduleY * code.size + moduleX] else { continue }
                    let bit: UInt8 = 0x80 >> UInt8(x % 8)
                    row[x / 8] = darkBit == 0 ? row[x / 8] & ~bit : row[x / 8] | bit
                }
                expected += [0] + row
            }
            #expect(try scanlines(png) == expected, "\(scale) \(darkBit)")
        }
    }

    @Test(arguments: [PNGRenderer.Scale.pixelsPerModule(2), .width(99)])
    func everyRGBAPixelIsWhereItsModuleIs(scale: PNGRenderer.Scale) throws {
        let modules = code.modules
        let style = RenderStyle(foreground: RGBAColor(red: 0x11, green: 0x22, blue: 0x33, alpha: 0x80),
                                background: .transparent)
        let png = try PNGRenderer(style: style, scale: scale).render(code)
        let geometry = try PixelGeometry(moduleCount: code.size + 2 * style.margin, scale: scale)
        var expected: [UInt8] = []
        for y in 0..<geometry.width {
            expected.append(0)
            let moduleY = geometry.module(atPixel: y) - style.margin
            for x in 0..<geometry.width {
                let moduleX = geometry.module(atPixel: x) - style.margin
                let dark = moduleX >= 0 && moduleX < code.size && moduleY >= 0 && moduleY < code.size
                    && modules[moduleY * code.size + moduleX]
                let color = dark ? style.foreground : style.background
                expected += [color.red, color.green, color.blue, color.alpha]
            }
        }
        #expect(try scanlines(png) == expected, "\(scale)")
    }

    @Test func repeatedPixelRowsUseTheUpFilter() throws {
        let png = try PNGRenderer(scale: .pixelsPerModule(10)).render(code)
        // 370×370 one-bit pixels are 17 kB raw; identical rows must compress to almost nothing.
        #expect(png.count < 1_500)
    }
}

@Suite struct TextOutputTests {
    @Test func svgIsOnePathWithCrispEdges() throws {
        let code = try QRCode.encode(text: "HELLO")
        let svg = SVGRenderer(size: try PhysicalLength(parsing: "2in")).render(code)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\" width=\"2in\" height=\"2in\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.ranges(of: "<path").count == 1)
        #expect(!svg.contains("<rect x="))
    }

    @Test func opacityIsWrittenAsADecimal() {
        var writer = ByteWriter(capacity: 16)
        writer.appendOpacity(128)
        #expect(writer.string == "0.502")
        writer = ByteWriter(capacity: 16)
        writer.appendOpacity(0)
        #expect(writer.string == "0")
    }

    @Test func matrixAndTerminalSizes() throws {
        let code = try QRCode.encode(text: "HELLO")
        let matrix = MatrixTextRenderer.render(code).split(separator: "\n")
        #expect(matrix.count == 21 && matrix.allSatisfy { $0.count == 21 })
        let terminal = TerminalRenderer(margin: 2, ansiColors: false).render(code).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(terminal.count == 13 + 1)  // 25 rows in pairs, then the final newline
        #expect(terminal[0].count == 25)
    }
}

@Suite struct PNGEncoderTests {
    /// Premultiplied ARGB32 words in, straight RGB(A) rows (Up-filtered) out.
    @Test func encodesCairoPixelsExactly() throws {
        let words: [UInt32] = [0xFF00_0000, 0xFFFF_FFFF, 0xFF0B_3D91,
                               0x8040_2010, 0x0000_0000, 0xFF13_7A6F]
        let png = try words.withUnsafeBytes { try PNGEncoder.encodeARGB32($0, width: 3, height: 2, stride: 12) }
        #expect(png[25] == 6, "not opaque: RGBA")
        let raw = try PNGTests().scanlines(png)
        #expect(raw.count == 2 * (1 + 3 * 4))
        var previous = [UInt8](repeating: 0, count: 12)
        var rows: [[UInt8]] = []
        for y in 0..<2 {
            let start = y * 13
            #expect(raw[start] == 2)
            let row = (0..<12).map { raw[start + 1 + $0] &+ previous[$0] }
            rows.append(row)
            previous = row
        }
        #expect(rows[0] == [0, 0, 0, 255, 255, 255, 255, 255, 0x0B, 0x3D, 0x91, 255])
        // 0x80 alpha premultiplied (0x40, 0x20, 0x10) is (0x80, 0x40, 0x20) straight.
        #expect(rows[1] == [0x80, 0x40, 0x20, 0x80, 0, 0, 0, 0, 0x13, 0x7A, 0x6F, 255])
        let opaque = try [UInt32](repeating: 0xFF11_2233, count: 4).withUnsafeBytes {
            try PNGEncoder.encodeARGB32($0, width: 2, height: 2, stride: 8)
        }
        #expect(opaque[25] == 2, "opaque: RGB")
    }
}

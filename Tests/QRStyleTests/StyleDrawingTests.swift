import Foundation
import QRCore
import QRRender
@testable import QRStyle
import Testing

@Suite struct StyleDrawingTests {
    /// A quarter-turn arc ends where the circle does, and its midpoint lies on the circle
    /// (the Bézier approximation is within a thousandth of the radius).
    @Test func arcsFollowTheCircle() throws {
        var path = VectorPath()
        path.arc(centerX: 0, centerY: 0, radius: 10, from: 0, to: .pi / 2)
        guard case .curve(let c1, let c2, let end) = try #require(path.elements.last) else { Issue.record("no curve"); return }
        #expect(abs(end.x) < 1e-9 && abs(end.y - 10) < 1e-9)
        // The cubic at t = 1/2.
        let start = VectorPath.Point(x: 10, y: 0)
        let mid = (x: (start.x + 3 * c1.x + 3 * c2.x + end.x) / 8, y: (start.y + 3 * c1.y + 3 * c2.y + end.y) / 8)
        #expect(abs((mid.x * mid.x + mid.y * mid.y).squareRoot() - 10) < 0.01)
        var circle = VectorPath()
        circle.circle(centerX: 5, centerY: 5, radius: 2)
        #expect(circle.elements.count == 1 + 4 + 1)  // move, four quarter curves, close
    }

    @Test func svgNumbersAreShortAndExact() {
        #expect(StyledSVGWriter.number(7) == "7")
        #expect(StyledSVGWriter.number(12.5) == "12.5")
        #expect(StyledSVGWriter.number(-0.25) == "-0.25")
        #expect(StyledSVGWriter.number(0.0004) == "0")
        #expect(StyledSVGWriter.number(3.1416) == "3.142")
        #expect(StyledSVGWriter.number(0.05) == "0.05")
        #expect(StyledSVGWriter.number(-1.007) == "-1.007")
    }

    @Test func logoFilesAreSniffedByTheirBytes() {
        #expect(LogoImage.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(LogoImage.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(LogoImage.sniff(Array("<?xml version=\"1.0\"?>\n<!-- a -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) == .svg)
        #expect(LogoImage.sniff(Array("GIF89a".utf8)) == nil)
    }

    /// Raster logos are refused from their header when they are too large or a sliver; the
    /// 228-byte JPEG that made gdk-pixbuf spin forever decodes at once (FuzzLogo found it).
    @Test func rasterLogoSizesAndAStallingJPEG() throws {
        #expect(LogoImage.usable(width: 5_000, height: 5_000))
        #expect(!LogoImage.usable(width: 5_001, height: 5_000))
        #expect(!LogoImage.usable(width: 65_292, height: 255))
        #expect(!LogoImage.usable(width: 0, height: 10))
        let reproducer = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Fuzz/regressions/FuzzLogo/jpeg-arithmetic-truncated-spins-gdk-pixbuf")
        let logo = try LogoImage(bytes: Array(Data(contentsOf: reproducer)), name: "stall.jpg")
        #expect(logo.kind == .jpeg)
        #expect(try logo.originalPixels().width == 4)
    }

    static let square = Array("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#e63946\"/></svg>".utf8)

    /// The drawing leaves exactly the budget's cleared modules undrawn: the same data
    /// with and without the logo differ by the dark modules under the footprint.
    @Test func aLogoClearsExactlyItsFootprint() throws {
        let code = try QRCode.encode(text: "https://example.com/logo-footprint", options: QREncodingOptions(errorCorrectionLevel: .high))
        let image = try LogoImage(bytes: Self.square, name: "square.svg")
        let logo = LogoStyle(image: image, size: .fraction(0.1), padding: 1, background: nil, shape: .square)
        let placement = try LogoPlacement(logo, code: code)
        let budget = LogoBudget(version: code.version, level: code.errorCorrectionLevel)
        let assessment = budget.assess(placement.footprint)
        #expect(assessment.passes)
        #expect(placement.cleared.count == assessment.clearedModules.count)
        let plain = try DrawingBuilder(style: CodeStyle(margin: 4)).drawing(of: code)
        let withLogo = try DrawingBuilder(style: CodeStyle(margin: 4, logo: logo)).drawing(of: code)
        let darkCleared = assessment.clearedModules.filter { code[$0.x, $0.y] }.count
        // Square modules are one move, three lines and a close each.
        let modules = { (drawing: StyledDrawing) in drawing.layers.last.map { $0.path.elements.count / 5 } ?? 0 }
        #expect(modules(plain) - modules(withLogo) == darkCleared)
        #expect(withLogo.logo != nil)
    }

    /// Versions 7 to 13 have an alignment pattern in the middle: no centred logo fits, and
    /// a given size says so; `auto` fits at version 14.
    @Test func theMiddleAlignmentPatternLeavesNoRoom() throws {
        let image = try LogoImage(bytes: Self.square, name: "square.svg")
        let auto = LogoStyle(image: image)
        for number in 7...13 {
            let version = try #require(QRVersion(number))
            #expect(!auto.fits(version: version, level: .high))
        }
        #expect(auto.fits(version: try #require(QRVersion(14)), level: .high))
        #expect(auto.fits(version: try #require(QRVersion(6)), level: .high))
        let code = try QRCode.encode(text: "x", options: QREncodingOptions(errorCorrectionLevel: .high, minimumVersion: try #require(QRVersion(8))))
        #expect(throws: StyleRenderError.self) { try LogoPlacement(LogoStyle(image: image, size: .fraction(0.1)), code: code) }
    }

    @Test func badLogosAreRefused() {
        #expect(throws: StyleRenderError.self) { try LogoImage(bytes: Array("<svg".utf8), name: "broken.svg") }
        #expect(throws: StyleRenderError.self) { try LogoImage(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], name: "broken.png") }
        #expect(throws: StyleRenderError.self) { try LogoImage(bytes: Array("hello".utf8), name: "notes.txt") }
    }

    /// Frame text comes out as outlines, placed in the band; text no font covers is refused.
    @Test func frameTextIsOutlined() throws {
        let layout = try FrameLayout(FrameStyle(text: "SCAN ME"), fieldWidth: 33)
        #expect(!layout.text.isEmpty)
        #expect(layout.height > layout.width)
        for element in layout.text.elements {
            if case .move(let point) = element {
                #expect(point.y > layout.fieldY + 33 && point.y < layout.height)
                #expect(point.x > 0 && point.x < layout.width)
            }
        }
        #expect(throws: StyleRenderError.self) { try FrameLayout(FrameStyle(text: "\u{E000}\u{E001}"), fieldWidth: 33) }
    }
}

import QRCore
import QRRender

/// Lays out a code with its `CodeStyle`: the field, the modules with the logo's footprint
/// left clear, the finders, the logo and the frame.
struct DrawingBuilder {
    let style: CodeStyle

    /// The drawing of `code`.
    ///
    /// - Throws: ``StyleRenderError`` when the logo does not fit the code's error budget,
    ///   or the frame's text cannot be laid out.
    /// - Complexity: O(size²) for the modules, O(size³) for an `auto` logo's size.
    func drawing(of code: QRCode) throws(StyleRenderError) -> StyledDrawing {
        let size = code.size
        let field = Double(size + 2 * style.margin)
        let frame = try style.frame.map { frame throws(StyleRenderError) in try FrameLayout(frame, fieldWidth: field) }
        var drawing = StyledDrawing(width: frame?.width ?? field, height: frame?.height ?? field)
        // The symbol's top-left corner on the page.
        let originX = (frame?.fieldX ?? 0) + Double(style.margin)
        let originY = (frame?.fieldY ?? 0) + Double(style.margin)
        if let frame {
            drawing.layers.append(.init(paint: .solid(frame.style.color), path: frame.outline))
        }
        if style.background.alpha > 0 {
            var path = VectorPath()
            path.rectangle(frame?.fieldX ?? 0, frame?.fieldY ?? 0, field, field)
            drawing.layers.append(.init(paint: .solid(style.background), path: path))
        }
        let placement = try style.logo.map { logo throws(StyleRenderError) in try LogoPlacement(logo, code: code) }
        let foreground: StyledDrawing.Paint = style.gradient.map { .gradient($0, x: originX, y: originY, side: Double(size)) }
            ?? .solid(style.foreground)
        let firstShared = drawing.layers.count
        addModules(of: code, clearing: placement?.cleared, at: originX, originY, paint: foreground, firstShared: firstShared, to: &drawing)
        addFinders(size: size, at: originX, originY, foreground: foreground, firstShared: firstShared, to: &drawing)
        if let placement {
            let center = (x: originX + Double(size) / 2, y: originY + Double(size) / 2)
            if let background = placement.logo.background {
                var path = VectorPath()
                let half = placement.footprint.width / 2
                switch placement.footprint.shape {
                case .square: path.rectangle(center.x - half, center.y - half, 2 * half, 2 * half)
                case .circle: path.circle(centerX: center.x, centerY: center.y, radius: half)
                }
                drawing.layers.append(.init(paint: .solid(background), path: path))
            }
            let box = placement.logoWidth
            let fitted = placement.logo.image.fitted(in: box)
            drawing.logo = .init(image: placement.logo.image, x: center.x - fitted.width / 2, y: center.y - fitted.height / 2,
                                 width: fitted.width, height: fitted.height,
                                 clipsToCircle: placement.footprint.shape == .circle)
        }
        if let frame { drawing.overlays.append(.init(paint: .solid(frame.style.textColor), path: frame.text)) }
        return drawing
    }

    /// Whether (x, y) lies in one of the three finder patterns (drawn on their own).
    private static func inFinder(_ x: Int, _ y: Int, size: Int) -> Bool {
        (x < 7 && y < 7) || (x >= size - 7 && y < 7) || (x < 7 && y >= size - 7)
    }

    /// Every dark data module outside the finders and the logo's footprint, in `paint`.
    private func addModules(of code: QRCode, clearing cleared: Set<Int>?, at originX: Double, _ originY: Double,
                            paint: StyledDrawing.Paint, firstShared: Int, to drawing: inout StyledDrawing) {
        let size = code.size
        let cleared = cleared ?? []
        func dark(_ x: Int, _ y: Int) -> Bool {
            x >= 0 && y >= 0 && x < size && y < size && !Self.inFinder(x, y, size: size) && code[x, y] && !cleared.contains(y * size + x)
        }
        let index = drawing.layer(paint, from: firstShared)
        // Written straight into the layer: a copy of a few hundred kilobytes per code
        // showed up as page faults (measured).
        drawing.layers[index].path.reserve(drawing.layers[index].path.elements.count + size * size * 3)
        for y in 0..<size {
            for x in 0..<size where dark(x, y) {
                let around = Neighbours(up: dark(x, y - 1), down: dark(x, y + 1), left: dark(x - 1, y), right: dark(x + 1, y))
                ModulePath.add(style.shape, at: originX + Double(x), originY + Double(y), around, into: &drawing.layers[index].path)
            }
        }
    }

    /// The three finders: rings in the finder colour (or the foreground), eyes in theirs.
    private func addFinders(size: Int, at originX: Double, _ originY: Double, foreground: StyledDrawing.Paint,
                            firstShared: Int, to drawing: inout StyledDrawing) {
        let ringPaint = style.finder.color.map(StyledDrawing.Paint.solid) ?? foreground
        let eyePaint = (style.finder.innerColor ?? style.finder.color).map(StyledDrawing.Paint.solid) ?? foreground
        for (fx, fy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            let x = originX + Double(fx), y = originY + Double(fy)
            let ring = drawing.layer(ringPaint, from: firstShared)
            FinderPath.outer(style.finder.outer, x: x, y: y, width: 7, into: &drawing.layers[ring].path)
            FinderPath.outer(style.finder.outer, x: x + 1, y: y + 1, width: 5, into: &drawing.layers[ring].path)
            let eye = drawing.layer(eyePaint, from: firstShared)
            FinderPath.inner(style.finder.inner, x: x + 2, y: y + 2, into: &drawing.layers[eye].path)
        }
    }
}

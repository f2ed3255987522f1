import QRCore

/// PNGs of a code at print sizes, for the site's code pages: a designer who needs a raster
/// file for a 5 cm sticker gets one with whole pixels per module at 300 dpi, drawn as the
/// code's own image is (shapes, logo, frame), not a small PNG scaled up blurred.
public enum PrintImage {
    /// The resolution print shops ask for.
    public static let dpi = 300
    /// The widths offered, in centimetres.
    public static let widths: [Double] = [2.5, 5, 10]

    /// What decides the file's bytes: when it is unchanged, an earlier file is kept.
    public static func key(of code: Manifest.Code, in manifest: Manifest, width: Double) -> String {
        Builder.rendererVersion + "|" + BuildPlan.appearanceHash(of: code, in: manifest) + "|print|\(width)|\(dpi)"
    }

    /// `spring-poster-5cm.png`: the name a download is saved as.
    public static func fileName(of code: Manifest.Code, width: Double) -> String {
        "\(code.fileStem)-\(label(width))cm.png"
    }

    /// `2.5` or `5`: a width without a needless `.0`.
    public static func label(_ width: Double) -> String {
        width == width.rounded() ? String(Int(width)) : String(width)
    }

    /// The PNG of `code` about `width` cm wide at `dpi`: as many whole pixels per module as
    /// come closest (a frame adds its own width).
    ///
    /// Complexity: O(pixels).
    public static func png(of code: Manifest.Code, in manifest: Manifest, width: Double) throws -> [UInt8] {
        let options = QREncodingOptions(errorCorrectionLevel: code.style.errorCorrection)
        let modules = try QRCode.encode(text: manifest.encodedText(of: code), options: options).size + 2 * code.style.margin
        let wanted = width / 2.54 * Double(dpi)
        var scaled = code
        scaled.style.scale = max(1, Int((wanted / Double(modules)).rounded()))
        return try CodeRenderer.render(scaled, as: .png, in: manifest, dpi: dpi)
    }
}

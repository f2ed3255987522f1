import Foundation

/// WCAG 2 contrast between a code's dark and light colours: phone readers need the modules
/// clearly darker than the field they stand on.
extension RGBAColor {
    /// The smallest contrast ratio qrbuild prints: 4 to 1.
    public static let minimumContrast = 4.0

    /// This colour laid over `background` (opaque), as a printer or screen shows it.
    public func composited(over background: RGBAColor) -> RGBAColor {
        let alpha = Double(self.alpha) / 255
        func mix(_ top: UInt8, _ bottom: UInt8) -> UInt8 { UInt8((Double(top) * alpha + Double(bottom) * (1 - alpha)).rounded()) }
        return RGBAColor(red: mix(red, background.red), green: mix(green, background.green), blue: mix(blue, background.blue), alpha: 255)
    }

    /// WCAG relative luminance, 0 (black) to 1 (white), of the colour's RGB.
    public var relativeLuminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.03928 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// What is wrong with `foreground` modules on `background`, or nil: a contrast under
    /// 4:1, or light modules on a dark field unless `inverted` is allowed. Transparent
    /// parts are taken as lying on white paper.
    public static func contrastProblem(foreground: RGBAColor, background: RGBAColor, invertedAllowed: Bool) -> String? {
        let white = RGBAColor(red: 255, green: 255, blue: 255, alpha: 255)
        let field = background.composited(over: white)
        let modules = foreground.composited(over: field)
        let (dark, light) = (modules.relativeLuminance, field.relativeLuminance)
        let ratio = (max(dark, light) + 0.05) / (min(dark, light) + 0.05)
        if ratio < minimumContrast {
            // Rounded down, so a refused ratio never reads as 4.00.
            return "\(foreground.hexRGB) on \(background.hexRGB) has a contrast of \(String(format: "%.2f", (ratio * 100).rounded(.down) / 100)):1; "
                + "phone readers need at least 4:1, so darken the foreground or lighten the background"
        }
        if dark > light && !invertedAllowed {
            return "\(foreground.hexRGB) modules on \(background.hexRGB) are light on dark, which many phone readers fail on; "
                + "swap the colours, or allow it explicitly (\"invert\": true in a style, --invert for render)"
        }
        return nil
    }
}

extension RGBAColor {
    /// The WCAG contrast ratio (1 to 21) between this colour and `other`, each laid on white.
    public func contrastRatio(with other: RGBAColor) -> Double {
        let white = RGBAColor(red: 255, green: 255, blue: 255, alpha: 255)
        let (a, b) = (composited(over: white).relativeLuminance, other.composited(over: white).relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }
}

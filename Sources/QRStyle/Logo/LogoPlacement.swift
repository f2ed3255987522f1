import Foundation
import QRCore

/// Where a logo goes on one code: the footprint it clears and the logo's width, checked
/// against the code's error correction by `LogoBudget`.
struct LogoPlacement {
    let logo: LogoStyle
    let footprint: LogoFootprint
    /// The logo's width in modules: the footprint less the padding on each side.
    let logoWidth: Double
    /// The cleared modules, as `y * size + x`.
    let cleared: Set<Int>

    /// - Throws: ``StyleRenderError`` when the logo at its size would take more than the
    ///   code can correct, saying the largest size that would fit.
    /// - Complexity: O(size³) for `auto` (a search over widths), O(size²) otherwise.
    init(_ logo: LogoStyle, code: QRCode) throws(StyleRenderError) {
        let budget = LogoBudget(version: code.version, level: code.errorCorrectionLevel)
        let size = Double(code.size)
        let largest = budget.largestFootprint(logo.shape)
        // The largest `size` fraction that passes, rounded down so that writing it back passes.
        let largestFraction = max(0, ((largest - 2 * logo.padding) / size * 100).rounded(.down) / 100)
        let place = "version \(code.version.number)-\(code.errorCorrectionLevel.letter)"
        let width: Double
        switch logo.size {
        case .auto:
            // No wider than the largest size a manifest may write (0.4 of the symbol).
            width = min(largest, 0.4 * size + 2 * logo.padding)
            guard width - 2 * logo.padding >= 1 else {
                throw StyleRenderError(description: "no room for a logo at \(place) with padding \(Self.number(logo.padding)): "
                                       + "the error correction cannot spare the modules; use errorCorrection H, less padding, or a longer payload (a larger version)")
            }
        case .fraction(let fraction):
            width = fraction * size + 2 * logo.padding
            guard budget.assess(LogoFootprint(shape: logo.shape, width: width)).passes else {
                let advice = largestFraction > 0 ? "the largest size that passes at \(place) is \(Self.number(largestFraction))"
                    : "no logo fits at \(place) with padding \(Self.number(logo.padding))"
                throw StyleRenderError(description: "logo size \(Self.number(fraction)) covers more than the error correction can restore; \(advice)"
                                       + (code.errorCorrectionLevel == .high ? "" : ", or use errorCorrection H"), isLogoSize: true)
            }
        }
        footprint = LogoFootprint(shape: logo.shape, width: width)
        logoWidth = width - 2 * logo.padding
        self.logo = logo
        let codeSize = code.size
        cleared = Set(budget.assess(footprint).clearedModules.map { $0.y * codeSize + $0.x })
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}

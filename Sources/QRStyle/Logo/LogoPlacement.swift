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
            guard width - 2 * logo.padding >= Self.smallestAutoWidth(code.size) else {
                throw StyleRenderError(description: "no room for a logo at \(place) with padding \(Self.number(logo.padding)): "
                                       + Self.reason(code) + "; allow a larger version, use less padding" + (code.errorCorrectionLevel == .high ? "" : " or errorCorrection H"))
            }
        case .fraction(let fraction):
            width = fraction * size + 2 * logo.padding
            guard budget.assess(LogoFootprint(shape: logo.shape, width: width)).passes else {
                let advice = largestFraction > 0 ? "the largest size that passes at \(place) is \(Self.number(largestFraction))"
                    : "no logo fits at \(place) with padding \(Self.number(logo.padding)) (\(Self.reason(code))); use size \"auto\", which moves to a version that has room"
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

    /// The narrowest logo `auto` draws, in modules: a tenth of the symbol and at least two
    /// modules; a smaller one is not worth printing, and the version moves up instead.
    static func smallestAutoWidth(_ size: Int) -> Double {
        max(2, Double(size) / 10)
    }

    /// Whether `logo` can go on a symbol of `version` at `level`: for `auto`, whether any
    /// logo a module wide or more fits; for a given size, whether that size does.
    ///
    /// - Complexity: O(size³) for `auto`, O(size²) otherwise.
    static func fits(_ logo: LogoStyle, version: QRVersion, level: ErrorCorrectionLevel) -> Bool {
        let budget = LogoBudget(version: version, level: level)
        switch logo.size {
        case .auto:
            return budget.largestFootprint(logo.shape) - 2 * logo.padding >= smallestAutoWidth(version.size)
        case .fraction(let fraction):
            return budget.assess(LogoFootprint(shape: logo.shape, width: fraction * Double(version.size) + 2 * logo.padding)).passes
        }
    }

    /// Why a symbol has no room: a middle alignment pattern, or too few codewords to spare.
    private static func reason(_ code: QRCode) -> String {
        let middle = Double(code.size) / 2
        let map = CodewordMap(version: code.version, level: code.errorCorrectionLevel)
        if case .function = map.content(x: Int(middle), y: Int(middle)) {
            return "an alignment pattern sits in the middle of this version, where a logo goes"
        }
        return "the error correction cannot spare the modules"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}

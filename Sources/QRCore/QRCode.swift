/// A finished QR Code symbol: a square grid of dark and light modules.
///
/// Make one with ``QRCode/encode(text:options:)``, ``QRCode/encode(bytes:options:)`` or
/// ``QRCode/encode(segments:options:)``. The quiet zone is not part of the grid;
/// renderers add it.
public struct QRCode: Hashable, Sendable {
    /// The symbol's version.
    public let version: QRVersion
    /// The error correction level actually used (boosting may raise the requested one).
    public let errorCorrectionLevel: ErrorCorrectionLevel
    /// The mask applied to the data modules.
    public let mask: QRMask
    /// Row-major modules, `true` for dark; `size * size` of them.
    public let modules: [Bool]

    /// Width and height in modules.
    public var size: Int { version.size }

    /// Whether the module at column `x`, row `y` is dark. Coordinates outside the
    /// grid are light, like the quiet zone around it.
    public subscript(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Places `codewords` (data and error correction, interleaved) into a symbol of
    /// `version`, then applies `mask`, or the mask with the lowest penalty when `nil`.
    ///
    /// - Precondition: `codewords.count` is the version's codeword count.
    /// - Complexity: O(size²) per mask tried.
    public init(version: QRVersion, level: ErrorCorrectionLevel, codewords: [UInt8], mask: QRMask?) {
        let template = SymbolTemplate.forVersion(version)
        precondition(codewords.count == version.codewordCount, "wrong number of codewords")
        var modules = template.modules
        var chosen = mask ?? QRMask(unchecked: 0)
        modules.withUnsafeMutableBufferPointer { grid in
            template.dataOrder.withUnsafeBufferPointer { order in
                // Remainder bits past the last codeword stay light.
                for bitIndex in 0..<min(order.count, codewords.count * 8) {
                    let byte = codewords[bitIndex >> 3]
                    grid[Int(order[bitIndex])] = (byte >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                }
            }
            if mask == nil {
                var bestPenalty = Int.max
                for candidate in QRMask.all {
                    Self.apply(candidate, to: grid, template: template)
                    FormatInformation.draw(bits: FormatInformation.bits(level: level, mask: candidate),
                                           into: grid, size: template.size)
                    let penalty = MaskPenalty.score(modules: UnsafeBufferPointer(grid), size: template.size)
                    if penalty < bestPenalty {
                        bestPenalty = penalty
                        chosen = candidate
                    }
                    Self.apply(candidate, to: grid, template: template)  // XOR again undoes it
                }
            }
            Self.apply(chosen, to: grid, template: template)
            FormatInformation.draw(bits: FormatInformation.bits(level: level, mask: chosen),
                                   into: grid, size: template.size)
        }
        self.version = version
        self.errorCorrectionLevel = level
        self.mask = chosen
        self.modules = modules
    }

    /// Inverts the data modules that `mask` selects.
    private static func apply(_ mask: QRMask, to grid: UnsafeMutableBufferPointer<Bool>, template: SymbolTemplate) {
        let size = template.size
        template.isFunction.withUnsafeBufferPointer { isFunction in
            for y in 0..<size {
                let row = y * size
                for x in 0..<size where !isFunction[row + x] && mask.inverts(x: x, y: y) {
                    grid[row + x].toggle()
                }
            }
        }
    }
}

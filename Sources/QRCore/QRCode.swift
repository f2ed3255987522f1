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
    /// The modules a row at a time, as the encoder made them (see ``BitRow``).
    let rows: [BitRow]

    /// Row-major modules, `true` for dark; `size * size` of them.
    ///
    /// - Complexity: O(size²): made on each call. Renderers read ``rowBits(_:)`` instead.
    public var modules: [Bool] {
        [Bool](unsafeUninitializedCapacity: size * size) { buffer, count in
            for (y, row) in rows.enumerated() {
                for x in 0..<size { buffer[y * size + x] = row.contains(x + BitRow.padding) }
            }
            count = size * size
        }
    }

    /// Width and height in modules.
    public var size: Int { version.size }

    /// Whether the module at column `x`, row `y` is dark. Coordinates outside the
    /// grid are light, like the quiet zone around it.
    public subscript(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return rows[y].contains(x + BitRow.padding)
    }

    /// Row `y`'s modules as bits, for renderers that work a word at a time.
    ///
    /// - Precondition: `0 <= y < size`.
    /// - Complexity: O(1).
    public func rowBits(_ y: Int) -> RowBits {
        RowBits(rows[y])
    }

    /// Places `codewords` (data and error correction, interleaved) into a symbol of
    /// `version`, then applies `mask`, or the mask with the lowest penalty when `nil`.
    ///
    /// - Precondition: `codewords.count` is the version's codeword count.
    /// - Complexity: O(size²) to place the data; O(size) word operations per mask tried.
    public init(version: QRVersion, level: ErrorCorrectionLevel, codewords: [UInt8], mask: QRMask?) {
        let template = SymbolTemplate.forVersion(version)
        precondition(codewords.count == version.codewordCount, "wrong number of codewords")
        var grid = template.base
        var chosen = mask ?? QRMask(unchecked: 0)
        // One writer for placing, masking (with the format bits) and scoring: each step then
        // works on the grid's memory, without retaining its arrays or checking they are unique.
        grid.withWriter { writer in
            writer.place(codewords, at: template.dataSlots)
            template.maskPatterns.withUnsafeBufferPointer { patterns in
                if mask == nil {
                    var bestPenalty = Int.max
                    for candidate in QRMask.all {
                        let pattern = SymbolTemplate.maskIndex(level: level, mask: candidate)
                        writer.toggle(patterns[pattern])
                        let penalty = MaskPenalty.score(writer)
                        if penalty < bestPenalty {
                            bestPenalty = penalty
                            chosen = candidate
                        }
                        writer.toggle(patterns[pattern])  // XOR again undoes it
                    }
                }
                writer.toggle(patterns[SymbolTemplate.maskIndex(level: level, mask: chosen)])
            }
        }
        self.version = version
        self.errorCorrectionLevel = level
        self.mask = chosen
        self.rows = grid.rows
    }
}

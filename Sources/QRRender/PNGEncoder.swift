/// PNG files from 32-bit pixels drawn elsewhere (cairo's image surfaces): each row
/// filtered with Up (a row like the one above compresses to almost nothing, as in a QR
/// code), the lot deflated at zlib's fastest level (Z_RLE was measured too: more
/// instructions and files a third larger). libpng's default (adaptive filters, level 6)
/// spent three quarters of a styled build's time (measured).
public enum PNGEncoder {
    /// A PNG of `width` × `height` pixels in cairo's ARGB32 layout: native-endian 32-bit
    /// words, alpha premultiplied, rows `stride` bytes apart. Opaque images are written
    /// as RGB, others as RGBA with the alpha un-premultiplied.
    ///
    /// Complexity: O(width × height).
    public static func encodeARGB32(_ pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int) throws(ZlibError) -> [UInt8] {
        guard let base = pixels.baseAddress, width > 0, height > 0 else {
            throw ZlibError(operation: "encode a PNG", code: -1, message: "there are no pixels")
        }
        var opaque = true
        for y in 0..<height where opaque {
            for x in 0..<width where pixels.load(fromByteOffset: y * stride + x * 4, as: UInt32.self) >> 24 != 0xFF {
                opaque = false
                break
            }
        }
        let channels = opaque ? 3 : 4
        let rowLength = 1 + width * channels
        // Rows straight into the filtered buffer, without bounds checks: a styled PNG is
        // a few hundred thousand pixels.
        let raw = [UInt8](unsafeUninitializedCapacity: rowLength * height) { out, count in
            for y in 0..<height {
                let row = base + y * stride
                let start = y * rowLength
                out[start] = 2  // Up: each byte less the one above
                for x in 0..<width {
                    let word = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                    let alpha = word >> 24
                    var red = (word >> 16) & 0xFF, green = (word >> 8) & 0xFF, blue = word & 0xFF
                    if alpha != 0xFF, alpha != 0 {
                        red = min(255, (red * 255 + alpha / 2) / alpha)
                        green = min(255, (green * 255 + alpha / 2) / alpha)
                        blue = min(255, (blue * 255 + alpha / 2) / alpha)
                    }
                    let at = start + 1 + x * channels
                    out[at] = UInt8(truncatingIfNeeded: red)
                    out[at + 1] = UInt8(truncatingIfNeeded: green)
                    out[at + 2] = UInt8(truncatingIfNeeded: blue)
                    if channels == 4 { out[at + 3] = UInt8(truncatingIfNeeded: alpha) }
                }
            }
            // Up filter from the bottom row upwards, so each row still has its unfiltered row above.
            var y = height - 1
            while y > 0 {
                let start = y * rowLength + 1, above = start - rowLength
                for index in 0..<(rowLength - 1) { out[start + index] = out[start + index] &- out[above + index] }
                y -= 1
            }
            count = rowLength * height
        }
        var writer = PNGWriter(width: width, height: height, bitDepth: 8, colorType: opaque ? .truecolor : .truecolorAlpha)
        writer.finish(imageData: try Zlib.compress(raw, settings: DeflateSettings(level: 1)))
        return writer.bytes
    }
}

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
    public static func encodeARGB32(_ pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int,
                                    dpi: Int? = nil) throws(ZlibError) -> [UInt8] {
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
        let rowBytes = width * channels
        // Each row is converted into `current`, then written as its difference from the row
        // above (the Up filter) in one pass: no second sweep over the whole image.
        var previous = [UInt8](repeating: 0, count: rowBytes + 1)
        var current = [UInt8](repeating: 0, count: rowBytes + 1)
        let raw = [UInt8](unsafeUninitializedCapacity: rowLength * height) { out, count in
            guard let outBase = out.baseAddress else { return }
            for y in 0..<height {
                let row = base + y * stride
                current.withUnsafeMutableBytes { line in
                    guard let line = line.baseAddress else { return }
                    if opaque {
                        // Four bytes stored per pixel, three kept: the next pixel's store
                        // overwrites the spare byte (the row buffer has one byte to spare).
                        for x in 0..<width {
                            let word = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                            let rgb = (word >> 16 & 0xFF) | (word & 0xFF00) | (word & 0xFF) << 16
                            line.storeBytes(of: rgb.littleEndian, toByteOffset: x * 3, as: UInt32.self)
                        }
                    } else {
                        for x in 0..<width {
                            let word = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                            let alpha = word >> 24
                            var red = (word >> 16) & 0xFF, green = (word >> 8) & 0xFF, blue = word & 0xFF
                            if alpha != 0xFF, alpha != 0 {
                                red = min(255, (red * 255 + alpha / 2) / alpha)
                                green = min(255, (green * 255 + alpha / 2) / alpha)
                                blue = min(255, (blue * 255 + alpha / 2) / alpha)
                            }
                            let rgba = red | green << 8 | blue << 16 | alpha << 24
                            line.storeBytes(of: rgba.littleEndian, toByteOffset: x * 4, as: UInt32.self)
                        }
                    }
                }
                let start = outBase + y * rowLength
                start.pointee = 2  // Up: each byte less the one above
                current.withUnsafeBufferPointer { now in
                    previous.withUnsafeBufferPointer { above in
                        guard let now = now.baseAddress, let above = above.baseAddress else { return }
                        for index in 0..<rowBytes { start[1 + index] = now[index] &- above[index] }
                    }
                }
                swap(&previous, &current)
            }
            count = rowLength * height
        }
        var writer = PNGWriter(width: width, height: height, bitDepth: 8, colorType: opaque ? .truecolor : .truecolorAlpha)
        if let dpi { writer.appendDensity(dpi: dpi) }
        writer.finish(imageData: try Zlib.compress(raw, settings: DeflateSettings(level: 1)))
        return writer.bytes
    }
}

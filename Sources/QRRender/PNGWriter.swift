/// Assembles a PNG file: signature, chunks with CRCs, zlib-compressed image data.
struct PNGWriter {
    enum ColorType: UInt8 {
        case greyscale = 0, truecolor = 2, indexed = 3, truecolorAlpha = 6
    }

    private(set) var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    init(width: Int, height: Int, bitDepth: UInt8, colorType: ColorType) {
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        // Compression method 0 (deflate), filter method 0, no interlacing.
        header += [bitDepth, colorType.rawValue, 0, 0, 0]
        appendChunk("IHDR", header)
    }

    /// `PLTE`: one RGB triple per palette entry.
    mutating func appendPalette(_ colors: [RGBAColor]) {
        appendChunk("PLTE", colors.flatMap { [$0.red, $0.green, $0.blue] })
    }

    /// `pHYs`: physical pixel density, given in dots per inch and stored per metre.
    mutating func appendDensity(dpi: Int) {
        // An inch is 0.0254 m: dpi · 10000 / 254, rounded to the nearest integer.
        let perMetre = UInt32((dpi * 10_000 + 127) / 254)
        var data: [UInt8] = []
        data.appendBigEndian(perMetre)
        data.appendBigEndian(perMetre)
        data.append(1)
        appendChunk("pHYs", data)
    }

    /// `IDAT` with the compressed scanlines (a zlib stream), then `IEND`.
    mutating func finish(imageData: [UInt8]) {
        // IDAT and IEND: two chunk headers and CRCs besides the data, in one allocation.
        bytes.reserveCapacity(bytes.count + imageData.count + 24)
        appendChunk("IDAT", imageData)
        appendChunk("IEND", [])
    }

    private mutating func appendChunk(_ type: StaticString, _ data: [UInt8]) {
        bytes.appendBigEndian(UInt32(data.count))
        let typeBytes = UnsafeBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount)
        bytes += typeBytes
        bytes += data
        // The CRC covers the type and the data, continued across the two.
        bytes.appendBigEndian(Zlib.crc32(data, continuing: Zlib.crc32(typeBytes)))
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8(value >> 16 & 0xFF))
        append(UInt8(value >> 8 & 0xFF))
        append(UInt8(value & 0xFF))
    }
}

import CJpeg

extension LogoImage {
    /// Decodes a JPEG logo with libjpeg-turbo from memory, refusing from its header one
    /// whose size is not ``usable(width:height:)``.
    ///
    /// Not through gdk-pixbuf: its JPEG loader can spin forever on a truncated
    /// arithmetic-coded file (see `Fuzz/regressions/FuzzLogo`).
    /// Complexity: O(*n* + pixels × scans), for a file of *n* bytes; at most 100 scans.
    static func decodeJPEG(_ bytes: [UInt8], name: String) throws(StyleRenderError) -> RasterPixels {
        var image = qrbuild_jpeg_image()
        let status = bytes.withUnsafeBufferPointer { qrbuild_jpeg_decode($0.baseAddress, UInt($0.count), usableForC, &image) }
        defer { qrbuild_jpeg_free(&image) }
        let width = Int(image.width), height = Int(image.height)
        switch status {
        case 0:
            guard let rgb = image.rgb else { throw StyleRenderError(description: "\(name): libjpeg gave no pixels") }
            var pixels = RasterPixels(width: width, height: height)
            pixels.bytes.withUnsafeMutableBufferPointer { out in
                for index in 0..<(width * height) {
                    let source = rgb + index * 3
                    // Opaque, so premultiplying changes nothing: cairo's native-endian ARGB32.
                    let word = 0xFF00_0000 | UInt32(source[0]) << 16 | UInt32(source[1]) << 8 | UInt32(source[2])
                    withUnsafeBytes(of: word) { word in
                        for byte in 0..<4 { out[index * 4 + byte] = word[byte] }
                    }
                }
            }
            return pixels
        case 1:
            throw unusable(name, width, height)
        default:
            throw StyleRenderError(description: "\(name) is not a readable JPEG: \(String(cString: qrbuild_jpeg_message(&image)))")
        }
    }
}

import CZbar

/// Reads QR codes in a greyscale image with libzbar: what `--verify` checks every styled
/// image with before it is written.
public enum ZBarReader {
    /// Why zbar could not look at an image.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The payload bytes of every QR code zbar finds in `pixels` (one byte a pixel, rows
    /// packed, `width` × `height`).
    ///
    /// `binary` (the default) gives the bytes exactly as encoded: zbar's binary mode leaves
    /// them unconverted, so a byte segment without an ECI header is not taken for another
    /// character set. A Kanji segment's characters then come back as their Shift JIS bytes,
    /// as the symbol holds them; `binary: false` gives the text a scanner shows, in UTF-8.
    ///
    /// - Complexity: O(width × height).
    public static func decode(_ pixels: [UInt8], width: Int, height: Int, binary: Bool = true) throws(Failure) -> [[UInt8]] {
        guard width > 0, height > 0, pixels.count >= width * height else {
            throw Failure(description: "zbar was given a \(width)×\(height) image with \(pixels.count) pixels")
        }
        guard let scanner = zbar_image_scanner_create() else { throw Failure(description: "zbar could not make a scanner") }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, binary ? 1 : 0)
        guard let image = zbar_image_create() else { throw Failure(description: "zbar could not make an image") }
        defer { zbar_image_destroy(image) }
        // "Y800": eight-bit grey. zbar only reads the buffer while scanning, inside this call.
        zbar_image_set_format(image, 0x3030_3859)
        zbar_image_set_size(image, UInt32(width), UInt32(height))
        return try pixels.withUnsafeBufferPointer { buffer throws(Failure) -> [[UInt8]] in
            zbar_image_set_data(image, buffer.baseAddress, UInt(width * height), nil)
            let found = zbar_scan_image(scanner, image)
            guard found >= 0 else { throw Failure(description: "zbar failed to scan the image") }
            var payloads: [[UInt8]] = []
            var symbol = zbar_image_first_symbol(image)
            while let current = symbol {
                if zbar_symbol_get_type(current) == ZBAR_QRCODE, let data = zbar_symbol_get_data(current) {
                    let length = Int(zbar_symbol_get_data_length(current))
                    payloads.append(data.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) })
                }
                symbol = zbar_symbol_next(current)
            }
            // Detach the buffer before it goes out of scope.
            zbar_image_set_data(image, nil, 0, nil)
            return payloads
        }
    }
}

import QRStyle
import QRVerify

/// `--verify`: a styled image is read back with libzbar before it is written, and must give
/// back exactly the payload it encodes.
enum DecodeCheck {
    /// What is wrong with `image` as a code for `payload`, or nil when zbar reads it exactly.
    ///
    /// - Complexity: O(pixels).
    static func problem(_ image: GrayImage?, payload: [UInt8]) -> String? {
        guard let image else { return "there was no picture to check" }
        let read: [[UInt8]]
        do {
            read = try ZBarReader.decode(image.pixels, width: image.width, height: image.height)
        } catch {
            return error.description
        }
        if read.contains(payload) { return nil }
        // Characters the encoder put in a Kanji segment come back from the binary read as
        // Shift JIS: such a code is right if zbar's text, as a scanner shows it, is the payload.
        if !read.isEmpty, (try? ZBarReader.decode(image.pixels, width: image.width, height: image.height, binary: false))?.contains(payload) == true {
            return nil
        }
        guard let first = read.first else {
            return "zbar finds no code in it; choose a plainer shape, a smaller logo or stronger contrast, or use a larger scale"
        }
        let shown = String(decoding: first.prefix(60), as: UTF8.self)
        return "zbar reads different data (\"\(shown)\"\(first.count > 60 ? "…" : "")) from what it encodes; choose a plainer style"
    }
}

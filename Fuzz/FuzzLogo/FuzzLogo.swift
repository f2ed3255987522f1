// libFuzzer target: the logo readers (SVG through librsvg, PNG through gdk-pixbuf, JPEG
// through libjpeg-turbo) and drawing the logo into a cairo image, as a styled build does. A logo is a
// file a pull request may change.
// Properties: an accepted logo has a finite aspect ratio within the bounds the reader
// promises, and draws without error into raster and vector boxes.
@testable import QRStyle
import CCairo

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogo(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let logo = try? LogoImage(bytes: Array(UnsafeBufferPointer(start: data, count: count)), name: "fuzz") else { return 0 }
    precondition(logo.aspectRatio.isFinite && logo.aspectRatio > 0.01 && logo.aspectRatio < 100, "aspect ratio \(logo.aspectRatio)")
    let fitted = logo.fitted(in: 40)
    precondition(fitted.width <= 40.0001 && fitted.height <= 40.0001, "a logo fitted outside its box")
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 64) else { return 0 }
    defer { cairo_surface_destroy(surface) }
    guard let cr = cairo_create(surface) else { return 0 }
    defer { cairo_destroy(cr) }
    for raster in [true, false] {
        try? logo.draw(into: cr, x: 4, y: 4, width: max(1, fitted.width), height: max(1, fitted.height), clipsToCircle: !raster, raster: raster)
    }
    return 0
}

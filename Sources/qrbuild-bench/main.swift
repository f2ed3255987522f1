// qrbuild-bench MODE URLS_FILE [ROUNDS]
// Encodes every line of URLS_FILE at ECC M, as MODE (matrix, svg or png: 10 px per
// module, margin 4), ROUNDS times, and prints the best round: "MODE codes/s checksum".
// bench/run.sh runs it beside libqrencode and segno on the same file, one core each.
import Foundation
import QRCore
import QRRender

let arguments = CommandLine.arguments
guard arguments.count >= 3, let text = try? String(contentsOfFile: arguments[2], encoding: .utf8) else {
    FileHandle.standardError.write(Data("usage: qrbuild-bench matrix|svg|png URLS_FILE [ROUNDS]\n".utf8))
    exit(64)
}
let mode = arguments[1]
let rounds = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5
let urls = text.split(separator: "\n").map(String.init)
let options = QREncodingOptions(errorCorrectionLevel: .medium)
let svg = SVGRenderer()
let png = PNGRenderer(scale: .pixelsPerModule(10))

/// One pass over all URLs; returns a checksum of the output so no work can be skipped.
func pass() throws -> Int {
    var checksum = 0
    for url in urls {
        let code = try QRCode.encode(text: url, options: options)
        switch mode {
        case "matrix": checksum &+= code.size * code.size &+ code.mask.number
        case "svg": checksum &+= svg.render(code).utf8.count
        case "png": checksum &+= try png.render(code).count
        default:
            FileHandle.standardError.write(Data("unknown mode \(mode)\n".utf8))
            exit(64)
        }
    }
    return checksum
}

var best = Double.infinity
var checksum = 0
for _ in 0..<rounds {
    let start = ContinuousClock.now
    checksum = try pass()
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    best = min(best, seconds)
}
print("\(mode) \(Int(Double(urls.count) / best)) \(checksum)")

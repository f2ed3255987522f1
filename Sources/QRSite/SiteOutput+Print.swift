import Foundation
#if canImport(Glibc)
import Glibc
#endif
import QRBuildKit

extension SiteOutput {
    /// Code pages made at a time on all cores, then written.
    private static let printBatch = 256

    /// Writes the site's print-size PNGs into `folder/print/`: each one whose key is the
    /// same as in `previous` (the site being replaced) is hard-linked from there, the rest
    /// are drawn on all cores. `print/.qrbuild-cache` records every file's key.
    ///
    /// Complexity: O(codes) links, plus O(pixels) for each image drawn.
    static func writePrintImages(_ writer: SiteWriter, into folder: String, previous: String?) throws {
        let files = writer.printFiles
        let manifest = writer.input.manifest
        try FileManager.default.createDirectory(atPath: folder + "/print", withIntermediateDirectories: true)
        let old = previous.map { ImageCache(contentsOf: $0 + "/print/" + ImageCache.fileName) } ?? ImageCache()
        var toDraw: [SiteWriter.PrintFile] = []
        for file in files {
            let target = folder + "/" + file.path
            if let previous, old[file.path] == file.key, link(previous + "/" + file.path, target) == 0 { continue }
            toDraw.append(file)
        }
        for start in stride(from: 0, to: toDraw.count, by: printBatch) {
            let batch = Array(toDraw[start..<min(start + printBatch, toDraw.count)])
            let drawn = Concurrently.map(batch) { file in Result { try file.render(in: manifest) } }
            for (file, bytes) in zip(batch, drawn) {
                do {
                    try writeFile(folder + "/" + file.path, try bytes.get())
                } catch let error as SiteError {
                    throw error
                } catch {
                    throw SiteError(description: "cannot draw \(file.path): \(error)")
                }
            }
        }
        try writeFile(folder + "/print/" + ImageCache.fileName, ImageCache.text(files.map { ($0.path, $0.key) }))
    }
}

import Foundation

/// `bulk/all.zip` and one zip per tag: the images and an `index.csv`.
enum BulkArchives {
    static let csvHeader = ["id", "name", "type", "dataType", "destination", "redirectUrl", "file"]

    /// Writes the archives; returns their paths relative to the output folder.
    static func write(manifest: Manifest, images: String, to folder: String, modified: Int) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var groups: [(String, [Manifest.Code])] = [("all", manifest.codes)]
        let tags = Set(manifest.codes.flatMap(\.tags)).sorted()
        for tag in tags { groups.append((tag, manifest.codes.filter { $0.tags.contains(tag) })) }
        var written: [String] = []
        for (name, codes) in groups {
            var entries: [ZipArchive.Entry] = []
            for code in codes {
                guard let contents = FileManager.default.contents(atPath: images + "/" + code.fileName) else {
                    throw FileError(path: images + "/" + code.fileName, operation: "read", reason: "missing")
                }
                entries.append(.init(name: code.fileName, contents: Array(contents)))
            }
            let rows = codes.map { code in
                [code.id?.text ?? "", code.name ?? "", code.type.rawValue, code.dataType.rawValue,
                 code.hidesDestination ? "" : code.payload, manifest.redirectURL(of: code) ?? "", code.fileName]
            }
            entries.append(.init(name: "index.csv", contents: Array(CSVTable.text(header: csvHeader, rows: rows).utf8)))
            let path = folder + "/\(name).zip"
            try ZipArchive.write(entries, modified: modified, to: path)
            written.append("bulk/\(name).zip")
        }
        return written
    }
}

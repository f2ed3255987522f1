import Crypto
import Foundation

/// `bulk/all.zip` and one zip per tag: an `index.csv`, then the images, sorted by file name.
struct BulkArchives {
    static let csvHeader = ["id", "name", "type", "dataType", "destination", "redirectUrl", "file"]

    struct Group {
        let name: String
        let members: [Int]
        let index: [UInt8]
        /// Changes whenever the archive's bytes would.
        let key: String
        var relativePath: String { "bulk/\(name).zip" }
    }

    let groups: [Group]
    /// For each code (by position in the manifest), the groups it belongs to.
    let membership: [[Int]]

    /// The archives `manifest` needs; `imageKeys` identify each code's image bytes.
    init(manifest: Manifest, imageKeys: [String], modified: Int) {
        let order = manifest.codes.indices.sorted { manifest.codes[$0].fileName < manifest.codes[$1].fileName }
        var named: [(String, [Int])] = [("all", order)]
        for tag in Set(manifest.codes.flatMap(\.tags)).sorted() {
            named.append((tag, order.filter { manifest.codes[$0].tags.contains(tag) }))
        }
        var membership = [[Int]](repeating: [], count: manifest.codes.count)
        groups = named.enumerated().map { position, group in
            // Rows in manifest order, as the team wrote them; entries in file-name order.
            let rows = group.1.sorted().map { index -> [String] in
                let code = manifest.codes[index]
                membership[index].append(position)
                return [code.id?.text ?? "", code.name ?? "", code.type.rawValue, code.dataType.rawValue,
                        code.hidesDestination ? "" : code.payload, manifest.redirectURL(of: code) ?? "", code.fileName]
            }
            let index = Array(CSVTable.text(header: Self.csvHeader, rows: rows).utf8)
            var hasher = SHA256()
            hasher.update(data: index)
            hasher.update(text: "\(modified)")
            for member in group.1 {
                hasher.update(text: manifest.codes[member].fileName)
                hasher.update(text: imageKeys[member])
            }
            let key = "sha256:" + Hex.string(hasher.finalize())
            return Group(name: group.0, members: group.1, index: index, key: key)
        }
        self.membership = membership
    }
}

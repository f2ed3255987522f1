import Crypto
import Foundation

/// `bulk/all.zip` and one zip per tag: an `index.csv`, then the images, sorted by file name.
/// A code with several return types has one image, and one `index.csv` row, per format.
struct BulkArchives: Sendable {
    /// One image the build writes: a code in one of its formats.
    struct Image: Sendable {
        /// The code's position in the manifest.
        let code: Int
        let format: Manifest.ReturnType
        /// Whether it is the code's first format (the one its appearance hash names).
        let isPrimary: Bool
    }

    static let csvHeader = ["id", "name", "type", "dataType", "destination", "redirectUrl", "file"]

    struct Group: Sendable {
        let name: String
        /// Images (by position in `images`), in file-name order.
        let members: [Int]
        let index: [UInt8]
        var relativePath: String { "bulk/\(name).zip" }
    }

    let groups: [Group]
    /// Every image, code by code in manifest order.
    let images: [Image]
    /// Per image, its file name.
    let fileNames: [String]
    /// For each image, the groups it belongs to.
    let membership: [[Int]]

    /// The archives `manifest` needs.
    ///
    /// Complexity: O(n log n + n × t) for n codes and t tags.
    init(manifest: Manifest) {
        let images = manifest.codes.contains(where: { $0.returnTypes.count > 1 })
            ? manifest.codes.indices.flatMap { code in
                manifest.codes[code].returnTypes.enumerated().map { Image(code: code, format: $0.element, isPrimary: $0.offset == 0) }
            }
            : manifest.codes.indices.map { Image(code: $0, format: manifest.codes[$0].returnType, isPrimary: true) }
        self.images = images
        // Each name made once: the sort compares each many times.
        let fileNames = Concurrently.map(images) { manifest.codes[$0.code].fileName($0.format) }
        self.fileNames = fileNames
        let order = images.indices.sorted { fileNames[$0] < fileNames[$1] }
        // Each tag's members in one pass over the codes, not one pass per tag.
        let tags = Set(manifest.codes.flatMap(\.tags)).sorted()
        let tagPositions = Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($0.element, $0.offset) })
        var tagMembers = [[Int]](repeating: [], count: tags.count)
        for index in order {
            for tag in manifest.codes[images[index].code].tags {
                // A tag written twice on one code lists the code once.
                guard let position = tagPositions[tag], tagMembers[position].last != index else { continue }
                tagMembers[position].append(index)
            }
        }
        let named: [(String, [Int])] = [("all", order)] + zip(tags, tagMembers).map { ($0, $1) }
        // Each code's row is made once (on all cores) and copied into every table that lists it.
        let rows = Concurrently.map(Array(images.indices)) { index -> [UInt8] in
            let code = manifest.codes[images[index].code]
            return CSVTable.line([code.id?.text ?? "", code.name ?? "", code.type.rawValue, code.dataType.rawValue,
                                  code.hidesDestination ? "" : code.payload, manifest.redirectURL(of: code) ?? "", fileNames[index]])
        }
        let header = CSVTable.line(Self.csvHeader)
        var membership = [[Int]](repeating: [], count: images.count)
        groups = named.enumerated().map { position, group in
            // Rows in manifest order, as the team wrote them; entries in file-name order.
            var index = header
            for member in group.1.sorted() {
                membership[member].append(position)
                index += rows[member]
            }
            return Group(name: group.0, members: group.1, index: index)
        }
        self.membership = membership
    }

    /// Per group, a key that changes whenever the archive's bytes would: its index, its
    /// timestamp, the member settings, and each member's file name, image key and timestamp.
    func keys(imageKeys: [String], entryTimes: [Int], modified: Int) -> [String] {
        Concurrently.map(groups) { group in
            var hasher = SHA256()
            hasher.update(data: group.index)
            hasher.update(text: "\(modified)|\(ZipMemberWriter.settingsKey)")
            // One buffer, hashed once: 100,000 small updates cost more than the hashing.
            var listing: [UInt8] = []
            listing.reserveCapacity(group.members.count * 96)
            for member in group.members {
                listing.append(contentsOf: fileNames[member].utf8)
                listing.append(0x09)
                listing.append(contentsOf: imageKeys[member].utf8)
                listing.append(0x09)
                listing.append(contentsOf: String(entryTimes[member]).utf8)
                listing.append(0x0A)
            }
            hasher.update(data: listing)
            return hasher.finalize().labelledHex
        }
    }
}

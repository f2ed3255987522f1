/// What produced each file of a build's output: `file<TAB>key` lines in `.qrbuild-cache`,
/// one per image and per archive (and in the site's `print/`, one per print-size PNG). A file whose key matches what a build would produce
/// now is kept instead of being made again.
public struct ImageCache: Sendable {
    public static let fileName = ".qrbuild-cache"

    private(set) var keys: [String: String] = [:]

    public init() {}

    /// The cache at `path`; empty if it is missing or unreadable.
    ///
    /// Complexity: O(n) in the file's size.
    public init(contentsOf path: String) {
        guard let bytes = StagingFile.read(path) else { return }
        keys.reserveCapacity(bytes.count / 96)
        var lineStart = 0
        var tab = -1
        for (position, byte) in bytes.enumerated() {
            if byte == 0x09, tab < 0 {
                tab = position
            } else if byte == 0x0A {
                if tab > lineStart {
                    let file = String(decoding: bytes[lineStart..<tab], as: UTF8.self)
                    keys[file] = String(decoding: bytes[(tab + 1)..<position], as: UTF8.self)
                }
                lineStart = position + 1
                tab = -1
            }
        }
    }

    public var isEmpty: Bool { keys.isEmpty }

    public subscript(file: String) -> String? { keys[file] }

    /// The cache file's text, sorted by file name so it diffs and compares cleanly.
    public static func text(_ entries: [(file: String, key: String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 96)
        for entry in entries.sorted(byStringKey: \.file) {
            bytes.append(contentsOf: entry.file.utf8)
            bytes.append(0x09)
            bytes.append(contentsOf: entry.key.utf8)
            bytes.append(0x0A)
        }
        return bytes
    }
}

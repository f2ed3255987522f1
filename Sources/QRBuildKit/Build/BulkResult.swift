import Foundation

/// The archive of a bulk create (`POST /api/qr/codes/bulk`): the new codes' images and an
/// `index.csv`, as the build's `bulk/all.zip` holds them (same columns, same rows, same
/// member settings), for just those codes.
public enum BulkResult {
    /// Draws every image of `codes` and writes the zip to `path` (atomically).
    /// `progress(done)` after each code.
    ///
    /// Complexity: O(codes × image size).
    public static func write(_ codes: [Manifest.Code], of manifest: Manifest, to path: String, modified: Int,
                             progress: (Int) -> Void = { _ in }) throws {
        var rows = CSVTable.line(BulkArchives.csvHeader)
        var files: [ZipMemberWriter.File] = []
        for (done, code) in codes.enumerated() {
            for format in code.returnTypes {
                let name = code.fileName(format)
                let bytes = try CodeRenderer.render(code, as: format, in: manifest)
                files.append(.init(name: name, contents: bytes, stored: format == .png, modified: modified))
                rows += CSVTable.line([code.id?.text ?? "", code.name ?? "", code.type.rawValue, code.dataType.rawValue,
                                       code.hidesDestination ? "" : code.payload, manifest.redirectURL(of: code) ?? "", name])
            }
            progress(done + 1)
        }
        files.sort { $0.name < $1.name }
        let members = try ZipMemberWriter.members(of: [.init(name: "index.csv", contents: rows, stored: false, modified: modified)] + files,
                                                  label: path)
        let temporary = path + ".partial"
        do {
            let assembler = try ZipAssembler(path: temporary)
            for member in members { try assembler.append(member) }
            try assembler.finish()
        }
        guard rename(temporary, path) == 0 else { throw FileError.fromErrno("rename into place", path) }
    }
}

import Crypto
import QRStyle

/// A logo file read and checked, with the digest its bytes add to the printed appearance.
public struct LoadedLogo: Sendable {
    public let image: LogoImage
    public let digest: String
}

/// Reads the logo files a manifest's codes name, once each, from the manifest's folder:
/// through `RepositoryFile`, so a logo that is a symbolic link (to a secret, say) is
/// refused rather than followed.
public enum LogoLibrary {
    /// `manifest` with every logo its codes name loaded.
    ///
    /// - Throws: ``ManifestErrors`` naming each code's `style.logo.file` that is missing or
    ///   not a usable SVG, PNG or JPEG.
    /// - Complexity: O(total size of the distinct logo files).
    public static func load(into manifest: inout Manifest, folder: String, file: String) throws(ManifestErrors) {
        var loaded: [String: LoadedLogo] = [:]
        var failed: [String: String] = [:]
        var issues: [ManifestIssue] = []
        for code in manifest.codes {
            guard let spec = code.style.shapes.logo else { continue }
            if loaded[spec.file] == nil, failed[spec.file] == nil {
                do {
                    loaded[spec.file] = try read(spec.file, in: folder)
                } catch {
                    failed[spec.file] = error.description
                }
            }
            if let problem = failed[spec.file] {
                issues.append(ManifestIssue(path: "codes[\(code.index)].style.logo.file", location: spec.fileLocation, message: problem))
            }
        }
        guard issues.isEmpty else { throw ManifestErrors(file: file, issues: issues) }
        manifest.logos = loaded
    }

    /// One logo file, `path` relative to `folder`.
    public static func read(_ path: String, in folder: String) throws(StyleRenderError) -> LoadedLogo {
        let bytes: [UInt8]?
        do {
            bytes = try RepositoryFile.read(path, in: folder)
        } catch {
            throw StyleRenderError(description: "\(error.path) \(error.reason)")
        }
        guard let bytes else { throw StyleRenderError(description: "\(path) does not exist; the path is relative to the manifest's folder") }
        let image = try LogoImage(bytes: bytes, name: path)
        return LoadedLogo(image: image, digest: SHA256.hash(data: bytes).labelledHex)
    }
}

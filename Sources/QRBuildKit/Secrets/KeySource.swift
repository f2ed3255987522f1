import Crypto
import Foundation

/// Where the destination key comes from: `--key-file`, else the `QRBUILD_KEY` environment variable.
public struct KeySource: Sendable {
    public var keyFile: String?
    public var environmentValue: String?

    public init(keyFile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.keyFile = keyFile
        environmentValue = environment["QRBUILD_KEY"]
    }

    /// The key, or `nil` when none is configured; a configured but unusable key is an error.
    public func load() throws(BuildError) -> SymmetricKey? {
        var text: String?
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile) else { throw .io("cannot read the key file \(keyFile)") }
            text = String(decoding: data, as: UTF8.self)
        } else if let environmentValue, !environmentValue.isEmpty {
            text = environmentValue
        }
        guard let text else { return nil }
        do {
            return try DestinationCipher.key(from: text)
        } catch {
            throw .invalidManifest(ManifestErrors(file: keyFile ?? "QRBUILD_KEY", issues: [ManifestIssue(path: "", location: nil, message: error.description)]))
        }
    }
}

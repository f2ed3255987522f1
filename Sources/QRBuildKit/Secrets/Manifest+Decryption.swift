import Crypto
import QRPayload

extension Manifest {
    /// The manifest with every encrypted destination opened with `key` and checked as a URL.
    /// Every code that cannot be opened is reported; without a key, none can.
    func decryptingDestinations(key: SymmetricKey?, file: String) throws(BuildError) -> Manifest {
        // Without encrypted codes, nothing is copied: the compiler makes `result`'s codes
        // unique before a loop that may change them, which copied all of them (measured).
        let encrypted = codes.indices.filter { codes[$0].secure.contains(.encrypted) }
        guard !encrypted.isEmpty else { return self }
        var result = self
        var problems: [ManifestIssue] = []
        for position in encrypted {
            let code = codes[position]
            let place = "codes[\(code.index)].data"
            guard let key else {
                problems.append(ManifestIssue(path: place, location: nil, message: "the destination is encrypted, but there is no key: set QRBUILD_KEY or pass --key-file"))
                continue
            }
            do {
                let plaintext = try DestinationCipher.decrypt(code.payload, key: key)
                result.codes[position].storedPayload = code.payload
                result.codes[position].payload = try WebURL.normalize(plaintext)
            } catch let failure as DestinationCipher.Failure {
                problems.append(ManifestIssue(path: place, location: nil, message: failure.description))
            } catch is PayloadError {
                // The reason would quote the plaintext, which must never reach a log: name
                // the code instead, and say where to look.
                let label = [code.id?.text, code.name.map { "\"\($0)\"" }].compactMap { $0 }.joined(separator: " ")
                problems.append(ManifestIssue(path: place, location: nil, message: "the decrypted destination of \(label.isEmpty ? "this code" : label) "
                    + "is not a usable http(s) URL; its text is secret, so it is not shown: decrypt it where the key is kept, "
                    + "fix it, and store it again with `qrbuild encrypt`"))
            } catch {
                problems.append(ManifestIssue(path: place, location: nil, message: "\(error)"))
            }
        }
        guard problems.isEmpty else { throw .invalidManifest(ManifestErrors(file: file, issues: problems)) }
        return result
    }
}

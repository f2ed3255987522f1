// libFuzzer target: the JSON reader and both manifest decoders, and the editor.
// Properties: the streaming decoder (what `build` uses) reports exactly the issues of the
// tree decoder (what `validate --json` and the editor use) and decodes the same codes; a
// decoded manifest edited by `ManifestEditor` and decoded again keeps every code.
@testable import QRBuildKit
import Foundation

private let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-fuzz-manifest-\(getpid()).json").path

private func summary(_ manifest: Manifest) -> [String] {
    manifest.codes.map { code in
        "\(code.index)|\(code.id?.text ?? "-")|\(code.name ?? "-")|\(code.type)|\(code.dataType)|\(code.payload)|\(code.status)|\(code.tags)|\(code.returnTypes)"
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let tree: Result<Manifest, ManifestErrors> = Result { () throws(ManifestErrors) in try ManifestDecoder.decode(bytes, file: "fuzz.json").manifest }
    let streamed: Result<Manifest, ManifestErrors> = Result { () throws(ManifestErrors) in try ManifestDecoder.decodeStreaming(bytes, file: "fuzz.json") }
    switch (tree, streamed) {
    case (.failure(let a), .failure(let b)):
        precondition(a.issues == b.issues, "the decoders disagree on the issues:\n\(a)\n---\n\(b)")
    case (.success(let a), .success(let b)):
        precondition(summary(a) == summary(b), "the decoders decode different codes")
        reedit(bytes, expected: summary(a))
    default:
        preconditionFailure("one decoder accepts what the other rejects: tree \(tree), streaming \(streamed)")
    }
    return 0
}

/// Sets the first identified code's status through the editor, saves, and decodes again.
private func reedit(_ bytes: [UInt8], expected: [String]) {
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes)),
          var editor = try? ManifestEditor(path: scratch),
          let first = editor.manifest.codes.first(where: { $0.id != nil }), let id = first.id?.text,
          let (_, node) = try? editor.code(withID: id) else { return }
    do {
        try editor.set("status", to: "inactive", in: node)
        try editor.save()
    } catch {
        return  // a refusal is a clear error, not a property violation
    }
    guard let saved = FileManager.default.contents(atPath: scratch) else { preconditionFailure("the editor lost the file") }
    let again: Manifest
    do {
        again = try ManifestDecoder.decode(Array(saved), file: "fuzz.json").manifest
    } catch {
        preconditionFailure("an edited manifest no longer decodes: \(error)")
    }
    let changed = again.codes.first { $0.id?.text == id }
    precondition(changed?.status == .inactive, "the edit did not take")
    let others = summary(again).enumerated().filter { again.codes[$0.offset].id?.text != id }.map(\.element)
    let before = expected.enumerated().filter { $0.offset < again.codes.count && again.codes[$0.offset].id?.text != id }.map(\.element)
    precondition(others == before, "the edit changed other codes")
}

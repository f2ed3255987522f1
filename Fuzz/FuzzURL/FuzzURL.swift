// libFuzzer target: the URL normaliser (every url code's `data`, every rule's target) and
// Punycode (international domain names in it).
// Properties: a normalised URL normalises to itself and is printable ASCII without spaces,
// quotes or backslashes (it goes into nginx's config and HTML); Punycode of a label is
// ASCII and the same every time.
@testable import QRPayload

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzURL(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    if let label = Punycode.encode(text) {
        precondition(label.utf8.allSatisfy { $0 < 0x80 }, "Punycode that is not ASCII")
        precondition(Punycode.encode(text) == label, "Punycode that changes between calls")
    }
    guard let normalized = try? WebURL.normalize(text) else { return 0 }
    precondition(normalized.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") },
                 "a normalised URL with a byte nginx or HTML would have to escape: \(normalized.debugDescription)")
    let again: String
    do {
        again = try WebURL.normalize(normalized)
    } catch {
        preconditionFailure("a normalised URL is rejected: \(normalized.debugDescription): \(error)")
    }
    precondition(again == normalized, "normalising twice changes \(normalized.debugDescription) to \(again.debugDescription)")
    return 0
}

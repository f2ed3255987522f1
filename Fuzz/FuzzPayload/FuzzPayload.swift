// libFuzzer target: each payload builder (url, text, email, wifi, vcard, sms, phone, geo),
// fed any JSON value as its `data`. The first byte picks the type; the rest is JSON.
// Properties: the same data makes the same payload; a payload encodes as a QR code or is
// reported too long, never anything else; a url payload is a normalised URL.
import QRBuildKit
import QRCore
import QRPayload

private func fieldValue(_ node: JSONNode, depth: Int = 0) -> FieldValue {
    guard depth < 16 else { return .null }
    switch node.kind {
    case .null: return .null
    case .bool(let value): return .bool(value)
    case .number(let text): return .number(text)
    case .string(let text): return .string(text)
    case .array(let elements): return .array(elements.map { fieldValue($0, depth: depth + 1) })
    case .object(let members): return .object(members.map { FieldValue.Member($0.name, fieldValue($0.value, depth: depth + 1)) })
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPayload(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let type = DataType.allCases[Int(data[0]) % DataType.allCases.count]
    guard let node = try? JSONReader.parse(Array(UnsafeBufferPointer(start: data + 1, count: count - 1))) else { return 0 }
    let value = fieldValue(node)
    guard let payload = try? Payload.make(type, data: value) else { return 0 }
    precondition((try? Payload.make(type, data: value)) == payload, "a payload that changes between calls")
    if type == .url {
        precondition((try? WebURL.normalize(payload)) == payload, "a url payload that is not normalised")
    }
    do {
        _ = try QRCode.encode(text: payload)
    } catch .dataTooLong {
        return 0
    } catch {
        preconditionFailure("a payload the encoder cannot take: \(error)")
    }
    return 0
}

// libFuzzer target: each payload builder (url, text, email, wifi, vcard, sms, phone, geo),
// fed any JSON value as its `data`. The first byte picks the type; the rest is JSON.
// Properties: the same data makes the same payload; a payload encodes as a QR code or is
// reported too long, never anything else; a url payload is a normalised URL; the code,
// drawn, is read back by zbar (the decoder `--verify` uses) as exactly the payload's bytes.
import QRBuildKit
import QRCore
import QRPayload
import QRVerify

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
    let code: QRCode
    do {
        code = try QRCode.encode(text: payload)
    } catch .dataTooLong {
        return 0
    } catch {
        preconditionFailure("a payload the encoder cannot take: \(error)")
    }
    // As `--verify` reads: the bytes as encoded, or (for Kanji segments, which come back
    // as Shift JIS) the text a scanner shows.
    let pixels = picture(of: code), side = pictureSide(code), expected = [Array(payload.utf8)]
    let read = try? ZBarReader.decode(pixels, width: side, height: side)
    if read != expected {
        let text = try? ZBarReader.decode(pixels, width: side, height: side, binary: false)
        precondition(text == expected, "zbar reads \(String(describing: read)) (as text \(String(describing: text))) from the code of \(expected)")
    }
    return 0
}

private let pixelsPerModule = 3
private let quietModules = 4

private func pictureSide(_ code: QRCode) -> Int { (code.size + 2 * quietModules) * pixelsPerModule }

/// The code as eight-bit grey pixels: black modules on white, with the standard quiet zone.
private func picture(of code: QRCode) -> [UInt8] {
    let side = pictureSide(code)
    var pixels = [UInt8](repeating: 255, count: side * side)
    for y in 0..<code.size {
        for x in 0..<code.size where code[x, y] {
            for row in 0..<pixelsPerModule {
                let start = ((y + quietModules) * pixelsPerModule + row) * side + (x + quietModules) * pixelsPerModule
                for column in 0..<pixelsPerModule { pixels[start + column] = 0 }
            }
        }
    }
    return pixels
}

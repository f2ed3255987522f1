/// Structured data → the exact payload string phone scanners recognise.
public enum Payload {
    /// The payload for `data` of `type`; every problem is reported, each with its field path.
    public static func make(_ type: DataType, data: FieldValue) throws(PayloadErrors) -> String {
        switch type {
        case .url, .text:
            guard case .string(let text) = data else {
                throw PayloadErrors(errors: [PayloadError(path: "", "must be a string for dataType \"\(type.rawValue)\", not a \(data.typeName)")])
            }
            guard type == .url else {
                guard !text.isEmpty else { throw PayloadErrors(errors: [PayloadError(path: "", "is empty")]) }
                return text
            }
            do {
                return try WebURL.normalize(text)
            } catch {
                throw PayloadErrors(errors: [error])
            }
        case .email: return try EmailPayload.make(data)
        case .wifi: return try WiFiPayload.make(data)
        case .vcard: return try VCardPayload.make(data)
        case .sms: return try SMSPayload.make(data)
        case .phone: return try PhonePayload.make(data)
        case .geo: return try GeoPayload.make(data)
        }
    }
}

/// `tel:+14155550123`: an E.164 number, separators and a trunk prefix `(0)` dropped.
enum PhonePayload {
    static func make(_ data: FieldValue) throws(PayloadErrors) -> String {
        var reader = FieldReader(data, type: .phone)
        let number = reader.string("number", required: true).flatMap { reader.e164($0, path: "number") }
        return try reader.finish("tel:" + (number ?? ""))
    }
}

/// `SMSTO:+14155550123:message`.
enum SMSPayload {
    static func make(_ data: FieldValue) throws(PayloadErrors) -> String {
        var reader = FieldReader(data, type: .sms)
        var number: String?
        if let raw = reader.string("number", required: true) {
            let digits = PhoneNumber.strip(raw)
            // Marketing SMS often goes to a short code (e.g. 12345) rather than a full number.
            if digits.count >= 3, digits.count <= 8, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
                number = digits
            } else {
                number = reader.e164(raw, path: "number", alternative: " or a short code of 3 to 8 digits")
            }
        }
        let message = reader.string("message") ?? ""
        return try reader.finish("SMSTO:\(number ?? ""):\(message)")
    }
}

/// `geo:52.520008,13.404954[,altitude]`: range-checked, plain decimals.
enum GeoPayload {
    static func make(_ data: FieldValue) throws(PayloadErrors) -> String {
        var reader = FieldReader(data, type: .geo)
        let latitude = coordinate(&reader, "latitude", limit: 90, required: true)
        let longitude = coordinate(&reader, "longitude", limit: 180, required: true)
        let altitude = coordinate(&reader, "altitude", limit: nil, required: false)
        let parts = [latitude, longitude] + (altitude.map { [$0] } ?? [])
        return try reader.finish("geo:" + parts.compactMap { $0 }.joined(separator: ","))
    }

    private static func coordinate(_ reader: inout FieldReader, _ name: String, limit: Double?, required: Bool) -> String? {
        guard let text = reader.number(name, required: required) else { return nil }
        guard let plain = PlainDecimal.normalize(text), let value = Double(plain) else {
            reader.fail(name, "\"\(text)\" is not a decimal number")
            return nil
        }
        if let limit, abs(value) > limit {
            reader.fail(name, "\(plain) is out of range: it must be between -\(Int(limit)) and \(Int(limit))")
            return nil
        }
        return plain
    }
}

/// Decimal numbers as plain text: no exponent, no `+`, no needless zeros.
enum PlainDecimal {
    /// `text` (a JSON-style number, exponent allowed) as a plain decimal, exactly; `nil` if it is not a number.
    static func normalize(_ text: String) -> String? {
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(rest[rest.index(after: e)...]), abs(value) < 400 else { return nil }
            exponent = value
            rest = rest[..<e]
        }
        let pieces = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !(pieces.first?.isEmpty ?? true) || pieces.count == 2,
              pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              pieces.contains(where: { !$0.isEmpty }) else { return nil }
        var digits = String(pieces[0]) + (pieces.count == 2 ? String(pieces[1]) : "")
        var point = pieces[0].count + exponent  // digits before the decimal point
        if point < 0 {
            digits = String(repeating: "0", count: -point) + digits
            point = 0
        }
        if point > digits.count { digits += String(repeating: "0", count: point - digits.count) }
        var whole = String(digits.prefix(point).drop { $0 == "0" })
        var fraction = String(digits.dropFirst(point))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        let result = fraction.isEmpty ? whole : whole + "." + fraction
        return negative && result != "0" ? "-" + result : result
    }
}

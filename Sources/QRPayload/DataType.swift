/// The kinds of content a code can carry, as the hosted API names them.
public enum DataType: String, CaseIterable, Hashable, Sendable {
    case url, text, email, wifi, vcard, sms, phone, geo

    /// The field names a structured type's `data` object accepts; empty for `url` and
    /// `text`, which take a plain string.
    public var fieldNames: [String] {
        switch self {
        case .url, .text: []
        case .email: ["to", "cc", "bcc", "subject", "body"]
        case .wifi: ["ssid", "password", "security", "hidden"]
        case .vcard: ["name", "firstName", "lastName", "organization", "title", "phone", "email", "url", "address", "note"]
        case .sms: ["number", "message"]
        case .phone: ["number"]
        case .geo: ["latitude", "longitude", "altitude"]
        }
    }

    /// Whether `data` is a plain string rather than an object of fields.
    public var takesString: Bool { self == .url || self == .text }
}

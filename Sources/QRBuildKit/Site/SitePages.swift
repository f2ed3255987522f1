import Foundation
import Mustache
import QRPayload

/// The pages behind `/qr-pages/<id>` for dynamic codes that are not a plain redirect:
/// a vCard download, or a small page that opens the call, mail, message or map (and shows
/// it as a link, for phones that do not follow the automatic redirect).
struct SitePages {
    let template: MustacheTemplate

    /// The landing template: `templates/landing.mustache` beside the manifest, else the built-in one.
    init(manifestFolder: String) throws(BuildError) {
        let override = manifestFolder + "/templates/landing.mustache"
        let text = FileManager.default.contents(atPath: override).map { String(decoding: $0, as: UTF8.self) } ?? DefaultTemplates.landing
        do {
            template = try MustacheTemplate(string: text)
        } catch {
            throw .invalidManifest(ManifestErrors(file: override, issues: [ManifestIssue(path: "", location: nil, message: "not a valid Mustache template: \(error)")]))
        }
    }

    /// The page file for `code` (`<id>.vcf` or `<id>.html`), or `nil` when the code redirects straight to its destination.
    func page(for code: Manifest.Code) -> (name: String, contents: [UInt8])? {
        guard code.type == .dynamic, code.status == .active, code.dataType != .url, let id = code.id?.key else { return nil }
        if code.dataType == .vcard { return (id + ".vcf", Array(code.payload.utf8)) }
        let context = Self.context(for: code)
        return (id + ".html", Array(template.render(context).utf8))
    }

    /// What the template shows. Mustache escapes every value for HTML, attributes included.
    static func context(for code: Manifest.Code) -> [String: String] {
        let payload = code.payload
        switch code.dataType {
        case .phone:
            let number = String(payload.dropFirst("tel:".count))
            return ["title": "Call \(number)", "heading": "Call \(number)", "action": payload, "actionLabel": "Call"]
        case .email:
            let recipients = payload.dropFirst("mailto:".count).split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
            let shown = recipients.removingPercentEncoding ?? recipients
            return ["title": "Write to \(shown)", "heading": "Write an email", "detail": shown, "action": payload, "actionLabel": "Open mail"]
        case .sms:
            // SMSTO:<number>:<message> in the code; sms:<number>?body=<message> in a link.
            let parts = payload.dropFirst("SMSTO:".count).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let number = parts.first.map(String.init) ?? ""
            let message = parts.count > 1 ? String(parts[1]) : ""
            let body = message.isEmpty ? "" : "?body=" + (message.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            return ["title": "Text \(number)", "heading": "Send a text message", "detail": message.isEmpty ? number : "\(number)\n\(message)",
                    "action": "sms:\(number)\(body)", "actionLabel": "Open messages"]
        case .geo:
            let coordinates = payload.dropFirst("geo:".count).split(separator: ",")
            let latitude = coordinates.first.map(String.init) ?? "0"
            let longitude = coordinates.count > 1 ? String(coordinates[1]) : "0"
            return ["title": "Location", "heading": "Open the location", "detail": "\(latitude), \(longitude)",
                    "action": payload, "actionLabel": "Open in maps",
                    "secondary": "https://www.openstreetmap.org/?mlat=\(latitude)&mlon=\(longitude)#map=17/\(latitude)/\(longitude)",
                    "secondaryLabel": "Show on OpenStreetMap"]
        default:
            return ["title": "Message", "heading": "Message", "detail": payload]
        }
    }
}

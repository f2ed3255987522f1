import Foundation
import Mustache
import QRPayload

/// The pages behind `/qr-pages/<id>` for dynamic codes that are not a plain redirect:
/// a vCard download, or a small page that opens the call, mail, message or map (and shows
/// it as a link, for phones that do not follow the automatic redirect).
struct SitePages {
    let template: MustacheTemplate
    let unlockTemplate: MustacheTemplate
    /// The script unlock pages load (`unlock.js`), served beside them.
    let unlockScript: String

    /// The templates: files in `templates/` beside the manifest, else the built-in ones.
    /// Only regular files inside that folder are read: a link there is refused by name.
    init(manifestFolder: String) throws(BuildError) {
        func refuse(_ name: String, _ message: String) -> BuildError {
            .invalidManifest(ManifestErrors(file: "templates/" + name, issues: [ManifestIssue(path: "", location: nil, message: message)]))
        }
        func text(_ name: String, default fallback: String) throws(BuildError) -> String {
            do {
                return try RepositoryFile.read("templates/" + name, in: manifestFolder).map { String(decoding: $0, as: UTF8.self) } ?? fallback
            } catch {
                throw .invalidManifest(ManifestErrors(file: error.path, issues: [ManifestIssue(path: "", location: nil, message: error.reason)]))
            }
        }
        func compile(_ name: String, default fallback: String) throws(BuildError) -> MustacheTemplate {
            let source = try text(name, default: fallback)
            do {
                return try MustacheTemplate(string: source)
            } catch {
                throw refuse(name, "not a valid Mustache template: \(error)")
            }
        }
        template = try compile("landing.mustache", default: DefaultTemplates.landing)
        unlockTemplate = try compile("unlock.mustache", default: DefaultTemplates.unlock)
        unlockScript = try text("unlock.js", default: DefaultTemplates.unlockScript)
    }

    /// The page file for `code` (`<id>.vcf` or `<id>.html`), or `nil` when the code redirects straight to its destination.
    func page(for code: Manifest.Code) -> (name: String, contents: [UInt8])? {
        guard code.type == .dynamic, code.status == .active, let id = code.id?.key else { return nil }
        if code.secure.contains(.password), let seal = PasswordSeal(parsing: code.payload) {
            let context = ["rounds": "\(seal.rounds)", "salt": Data(seal.salt).base64EncodedString(),
                           "data": Data(seal.sealed).base64EncodedString()]
            return (id + ".html", Array(unlockTemplate.render(context).utf8))
        }
        guard code.dataType != .url else { return nil }
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

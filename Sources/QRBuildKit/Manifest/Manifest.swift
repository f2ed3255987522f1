import QRCore
import QRPayload
import QRRender

/// The decoded, validated manifest: every default merged in, every payload built.
public struct Manifest: Sendable {
    public var redirect: RedirectSettings?
    public var codes: [Code]
    /// The logo files the codes' styles name, read by `LogoLibrary` (empty until then).
    public var logos: [String: LoadedLogo] = [:]
    /// The manifest's file name, for messages about its codes found after decoding.
    public var sourceName = ""

    /// Where dynamic codes point: `base + id` is what their images encode.
    public struct RedirectSettings: Hashable, Sendable {
        /// An http(s) URL ending in `/`.
        public var base: String
        /// 301, 302, 307 or 308.
        public var status: Int
        /// Where inactive codes send people; without it they answer 410 Gone.
        public var fallback: String?
        /// The nginx variable holding the client's country (e.g. from a GeoIP2 module), for the access log.
        public var countryVariable: String?

        /// The path part of `base`, e.g. `/r/`: the nginx location and map key prefix.
        public var path: String {
            guard let schemeEnd = base.range(of: "://") else { return "/" }
            let rest = base[schemeEnd.upperBound...]
            return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }

        /// Where the pages for codes that are not a plain redirect live: `/qr-pages/` on the redirect host.
        public var pagesBase: String {
            String(base.dropLast(path.count)) + "/qr-pages/"
        }
    }

    public enum CodeType: String, CaseIterable, Sendable { case dynamic, `static` }
    public enum ReturnType: String, CaseIterable, Sendable { case png, svg, pdf, eps }
    public enum Status: String, CaseIterable, Sendable { case active, inactive }
    public enum SecureFlag: String, CaseIterable, Sendable { case locked, password, encrypted }

    /// A style shared by the codes that have it.
    final class StyleBox: Sendable {
        let style: Style

        init(_ style: Style) {
            self.style = style
        }
    }

    /// How a code's image looks.
    public struct Style: Hashable, Sendable {
        public var margin = 4
        public var foreground = RGBAColor.black
        public var background = RGBAColor.white
        public var errorCorrection = ErrorCorrectionLevel.medium
        /// Whether `errorCorrection` was written: a code with a logo and no level written gets H.
        public var errorCorrectionIsExplicit = false
        /// PNG pixels per module.
        public var scale = 10
        /// Light modules on a dark field, written out as meant (`"invert": true`).
        public var invertAllowed = false
        /// Module and finder shapes and a gradient; plain squares unless set.
        public var shapes = ShapeStyle()
    }

    /// One code, defaults merged.
    public struct Code: Sendable {
        /// Its position in `codes`, for messages.
        public var index: Int
        public var id: CodeID?
        public var name: String?
        public var type: CodeType
        public var dataType: DataType
        /// The payload built from `data`: for a dynamic code, where it redirects to.
        public var payload: String
        /// The image formats, the first the code's own (`image` in codes.json, the format
        /// its reprint rule watches); never empty. `returnType` may be a list in the manifest.
        public var returnTypes: [ReturnType]
        /// How the image looks. Boxed and shared: most codes take the defaults' style, and
        /// 200 bytes of it inline in each of a million codes was a fifth of the peak memory
        /// of compiling them.
        public var style: Style {
            get { styleBox.style }
            set { styleBox = StyleBox(newValue) }
        }
        private var styleBox: StyleBox
        public var status: Status
        public var tags: [String]
        public var secure: [SecureFlag]
        /// Rules, split, schedule and UTM tags (dynamic url codes only; empty otherwise).
        public var routing = Routing()
        /// For encrypted codes after decryption: the ciphertext as the manifest stores it.
        var storedPayload: String?
        /// Where the code, its id and its name are in the manifest, for messages about them.
        var sourceLocations: (code: SourceLocation, id: SourceLocation?, name: SourceLocation?)

        init(index: Int, id: CodeID?, name: String?, type: CodeType, dataType: DataType, payload: String, returnTypes: [ReturnType],
             style: StyleBox, status: Status, tags: [String], secure: [SecureFlag], storedPayload: String?,
             sourceLocations: (code: SourceLocation, id: SourceLocation?, name: SourceLocation?)) {
            self.index = index
            self.id = id
            self.name = name
            self.type = type
            self.dataType = dataType
            self.payload = payload
            self.returnTypes = returnTypes
            self.styleBox = style
            self.status = status
            self.tags = tags
            self.secure = secure
            self.storedPayload = storedPayload
            self.sourceLocations = sourceLocations
        }

        /// The image file's base name: the id for dynamic codes, the name for static ones.
        public var fileStem: String { id?.text ?? name ?? "code-\(index)" }

        /// The first image format; setting it replaces the list.
        public var returnType: ReturnType {
            get { returnTypes.first ?? .svg }
            set { returnTypes = [newValue] }
        }

        /// The image file name, e.g. `k3x9pq7m.svg`.
        public var fileName: String { fileName(returnType) }

        /// The file name of the image in `format`.
        public func fileName(_ format: ReturnType) -> String { "\(fileStem).\(format.rawValue)" }

        /// Whether the destination may be shown in generated files.
        public var hidesDestination: Bool { secure.contains(.password) || secure.contains(.encrypted) }
    }

    /// The text a code's image encodes: the redirect URL for a dynamic code, the payload for a static one.
    public func encodedText(of code: Code) -> String {
        if code.type == .dynamic, let id = code.id, let redirect { return redirect.base + id.text }
        return code.payload
    }

    /// The redirect URL of a dynamic code.
    public func redirectURL(of code: Code) -> String? {
        guard code.type == .dynamic, let id = code.id, let redirect else { return nil }
        return redirect.base + id.text
    }
}

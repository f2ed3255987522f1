import Foundation
import HTTPTypes
import Hummingbird
import QRBuildKit
import QRPayload

/// An error answered as `application/problem+json` (RFC 9457): `type`, `title`, `status`,
/// `detail`, and for invalid input the JSON Pointer of each problem with the CLI's words.
public struct APIProblem: Error, HTTPResponseError, Sendable {
    /// One problem in a request's body: where (`/data/ssid`) and what.
    public struct Invalid: Sendable, Equatable {
        public let pointer: String
        public let detail: String
    }

    public let status: HTTPResponse.Status
    public let detail: String
    public var invalid: [Invalid] = []
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ detail: String, invalid: [Invalid] = []) {
        self.status = status
        self.detail = detail
        self.invalid = invalid
    }

    /// A short slug per status, under the API's documentation.
    var type: String {
        let slug: String = switch status.code {
        case 400: "invalid-request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not-found"
        case 405: "method-not-allowed"
        case 409: "conflict"
        case 410: "gone"
        case 413: "too-large"
        case 415: "unsupported-media-type"
        case 429: "rate-limited"
        default: status.code >= 500 ? "server-error" : "error"
        }
        return "https://qrbuild.dev/problems/" + slug
    }

    /// The problem's JSON text.
    var json: String {
        var members: [FieldValue.Member] = [
            .init("type", .string(type)), .init("title", .string(status.reasonPhrase)),
            .init("status", .number(String(status.code))), .init("detail", .string(detail)),
        ]
        if !invalid.isEmpty {
            members.append(.init("errors", .array(invalid.map { .object([.init("pointer", .string($0.pointer)), .init("detail", .string($0.detail))]) })))
        }
        return JSONWriter.pretty(.object(members))
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

extension APIProblem {
    /// A build or manifest error as the API answers it: invalid input 400 with a pointer per
    /// issue (a manifest path `codes[7].data.ssid` of the code being made becomes `/data/ssid`,
    /// or `/3/data/ssid` in a bulk request), a rule of the lockfile 409, the rest 500.
    static func from(_ error: BuildError, newCodes: Range<Int>? = nil, bulk: Bool = false) -> APIProblem {
        switch error {
        case .invalidManifest(let errors):
            let invalid = errors.issues.map { issue in
                Invalid(pointer: pointer(forManifestPath: issue.path, newCodes: newCodes, bulk: bulk), detail: issue.message)
            }
            let detail = invalid.count == 1 ? invalid[0].detail : "\(invalid.count) problems in the request; see errors"
            return APIProblem(.badRequest, detail, invalid: invalid)
        case .conflicts(let messages):
            return APIProblem(.conflict, messages.joined(separator: "; "))
        case .unprintable(let problems):
            return APIProblem(.badRequest, problems.joined(separator: "; "))
        default:
            return APIProblem(.internalServerError, error.description)
        }
    }

    /// `codes[12].style.logo.size` → `/style/logo/size` for the code at 12 (the first new
    /// code; `/2/style/logo/size` for the third of a bulk request); other paths are kept
    /// as pointers of their own.
    static func pointer(forManifestPath path: String, newCodes: Range<Int>?, bulk: Bool) -> String {
        var components = ValuePath.components(path)[...]
        var pointer = ""
        if components.count >= 2, components[0] == .key("codes"), case .index(let index) = components[1],
           let newCodes, newCodes.contains(index) {
            components = components.dropFirst(2)
            if bulk { pointer = "/\(index - newCodes.lowerBound)" }
        }
        for component in components {
            switch component {
            case .key(let name): pointer += "/" + RequestBody.escaped(name)
            case .index(let index): pointer += "/\(index)"
            }
        }
        return pointer
    }
}

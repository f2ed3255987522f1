import Foundation
import HTTPTypes
import Hummingbird
import QRBuildKit
import QRPayload

/// Every answer that is an error becomes `application/problem+json`, router errors (404,
/// 405, 413) included; an unexpected error is a 500 that says nothing of its insides.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as APIProblem {
            return try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            return try APIProblem(error.status, Self.detail(error.status, request, fallback: error.body)).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            // A body past the limit (NIO's too-many-bytes error) and the like.
            return try APIProblem(error.status, Self.detail(error.status, request, fallback: nil)).response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(describing: type(of: error)))"])
            return try APIProblem(.internalServerError, "the server failed to answer this request").response(from: request, context: context)
        }
    }
}

extension ProblemMiddleware {
    static func detail(_ status: HTTPResponse.Status, _ request: Request, fallback: String?) -> String {
        switch status.code {
        case 404: "no such endpoint: \(request.method.rawValue) \(request.uri.path); see /api/openapi.json"
        case 405: "\(request.method.rawValue) is not allowed on \(request.uri.path)"
        case 413: "the request body is larger than 1 MiB"
        default: fallback ?? status.reasonPhrase
        }
    }
}

/// A JSON line per request on standard output: time, method, path, status, key name and
/// duration. Never the key, a body or a query string (which may hold anything).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let write: @Sendable (String) -> Void

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var keyName: String?
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            log(request, status: 500, key: keyName, start: start)
            throw error
        }
        keyName = response.headers[.qrbuildKeyName]
        var cleaned = response
        cleaned.headers[.qrbuildKeyName] = nil
        log(request, status: Int(response.status.code), key: keyName, start: start)
        return cleaned
    }

    private func log(_ request: Request, status: Int, key: String?, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let hundredths = elapsed.components.seconds * 100_000 + elapsed.components.attoseconds / 10_000_000_000_000
        // Written by hand: the JSON writer's tree for six fields cost more than the request.
        var line = "{\"time\":\"" + Timestamp.string(fromSeconds: Int(Date().timeIntervalSince1970))
        line += "\",\"method\":\"" + request.method.rawValue + "\",\"path\":" + JSONText.quoted(request.uri.path)
        line += ",\"status\":" + String(status) + ",\"key\":" + (key.map(JSONText.quoted) ?? "null")
        let fraction = hundredths % 100
        let milliseconds: String = String(hundredths / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
        line += ",\"ms\":" + milliseconds + "}"
        write(line)
    }
}

extension HTTPField.Name {
    /// Carries the key's name from `AuthMiddleware` to the access log; removed before the
    /// response leaves.
    static let qrbuildKeyName = HTTPField.Name("X-Qrbuild-Key-Name")!
}

/// Checks the Bearer key of every request but the OpenAPI document, then the key's rate.
/// 401 with `WWW-Authenticate: Bearer` for a missing, malformed, unknown, revoked or
/// expired key; 429 with `Retry-After` past the rate; `RateLimit-*` headers on every answer.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let keys: KeyRing
    let limiter: RateLimiter

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        if request.uri.path == "/api/openapi.json" { return try await next(request, context) }
        var context = context
        let now = Date().timeIntervalSince1970
        let key: StoredKey
        do {
            key = try keys.authenticate(Self.bearer(request.headers[.authorization]), now: Int(now))
        } catch {
            var problem = APIProblem(.unauthorized, Self.explain(error))
            problem.headers[.wwwAuthenticate] = "Bearer realm=\"qrbuild\", error=\"invalid_token\""
            throw problem
        }
        context.key = key
        let decision = limiter.take(key.name, now: now)
        var rateHeaders: HTTPFields = [:]
        rateHeaders[.rateLimitLimit] = String(decision.limit)
        rateHeaders[.rateLimitRemaining] = String(decision.remaining)
        rateHeaders[.rateLimitReset] = String(decision.reset)
        guard decision.allowed else {
            var problem = APIProblem(.tooManyRequests, "the key \(key.name) made more than \(decision.limit) requests a minute; retry after \(decision.retryAfter) s")
            problem.headers = rateHeaders
            problem.headers[.retryAfter] = String(decision.retryAfter)
            var response = try problem.response(from: request, context: context)
            response.headers[.qrbuildKeyName] = key.name
            return response
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as APIProblem {
            response = try problem.response(from: request, context: context)
        }
        response.headers.append(contentsOf: rateHeaders)
        response.headers[.qrbuildKeyName] = key.name
        return response
    }

    /// The token of an `Authorization: Bearer …` header.
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let bytes = header.utf8
        // "Bearer " in any case, then the token without the spaces around it.
        guard bytes.count > 7, bytes.prefix(6).map({ $0 | 0x20 }).elementsEqual("bearer".utf8), bytes.dropFirst(6).first == 0x20 else { return "" }
        let token = bytes.dropFirst(7).drop { $0 == 0x20 }
        let end = token.lastIndex { $0 != 0x20 }.map { token.index(after: $0) } ?? token.startIndex
        return String(decoding: token[token.startIndex..<end], as: UTF8.self)
    }

    static func explain(_ refusal: KeyRing.Refusal) -> String {
        switch refusal {
        case .missing: "send an API key: Authorization: Bearer qrb_live_… (make one with qrbuild keys create --name NAME)"
        case .malformed: "the API key is malformed (a qrbuild key is qrb_live_ and 38 letters and digits, with a checksum); check it was copied whole"
        case .unknown: "the API key is not known here"
        case .revoked: "the API key was revoked"
        case .expired: "the API key has expired; make a new one with qrbuild keys create"
        }
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = HTTPField.Name("RateLimit-Limit")!
    static let rateLimitRemaining = HTTPField.Name("RateLimit-Remaining")!
    static let rateLimitReset = HTTPField.Name("RateLimit-Reset")!
}

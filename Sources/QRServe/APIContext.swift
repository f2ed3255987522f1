import Hummingbird

/// A request's context: Hummingbird's core, and the key that authenticated it.
struct APIContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` for every route but the OpenAPI document.
    var key: StoredKey?

    init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Request bodies over 1 MiB are refused (413) before they are read whole.
    var maxUploadSize: Int { 1 << 20 }

    /// The key's name, for logs and commits.
    var keyName: String { key?.name ?? "unknown" }

    /// Refuses (403) a request whose key lacks `scope`.
    func require(_ scope: KeyScope) throws(APIProblem) {
        guard let key else { throw APIProblem(.unauthorized, "no API key") }
        guard key.scopes.contains(scope) else {
            throw APIProblem(.forbidden, "the key \(key.name) lacks the \(scope.rawValue) scope; make one with it: qrbuild keys create --name NAME --scope \(scope.rawValue)")
        }
    }
}

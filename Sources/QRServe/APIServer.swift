import Foundation
import HTTPTypes
import Hummingbird
import QRAnalytics
import QRBuildKit

/// `qrbuild serve`: the hosted API over a manifest. The router is built in one place; the
/// middleware are small types; the application is a value a test can start.
public struct APIServer: Sendable {
    /// What `qrbuild serve` is given.
    public struct Options: Sendable {
        public var manifestPath: String
        public var storePath: String
        public var keysPath: String
        public var outputPath: String?
        public var host = "127.0.0.1"
        public var port = 8080
        public var requestsPerMinute = 600
        public var clock: DayClock = .utc
        /// Commit each write to git (`--git-commit`).
        public var gitCommit = false
        /// Called after every write that changed the manifest (the rebuild that puts it live).
        public var afterWrite: (@Sendable () -> Void)?
        /// Where the access log's lines go (standard output by default).
        public var log: @Sendable (String) -> Void = { line in APIServer.standardOutput.append(line) }

        public init(manifestPath: String, storePath: String, keysPath: String) {
            self.manifestPath = manifestPath
            self.storePath = storePath
            self.keysPath = keysPath
        }
    }

    /// The access log's lines on their way to standard output.
    static let standardOutput = LogBuffer()

    let options: Options
    let keys: KeyRing
    let jobs: BulkJobs

    public init(_ options: Options) {
        self.options = options
        keys = KeyRing(store: KeyStore(path: options.keysPath))
        jobs = BulkJobs(folder: PathName.parent(of: options.keysPath) + "/bulk", manifest: ManifestReader(manifestPath: options.manifestPath))
    }

    /// The API's routes behind its middleware.
    func router() -> Router<APIContext> {
        var service = APIService(manifest: ManifestReader(manifestPath: options.manifestPath), storePath: options.storePath,
                                 outputPath: options.outputPath, clock: options.clock)
        if options.gitCommit { service.committer = GitCommitter(manifestPath: options.manifestPath) }
        let api = service
        let written = options.afterWrite ?? {}
        let jobs = jobs
        let router = Router(context: APIContext.self)
        router.add(middleware: AccessLogMiddleware(write: options.log))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AuthMiddleware(keys: keys, limiter: RateLimiter(perMinute: options.requestsPerMinute)))
        router.get("/api/openapi.json") { _, _ in
            Self.json(OpenAPIDocument.text)
        }
        router.get("/api/qr/codes") { request, context in
            try context.require(.read)
            return Self.json(try api.list(request.uri.queryParameters))
        }
        router.post("/api/qr/codes") { request, context in
            try context.require(.write)
            let created = try api.create(body: try await Self.body(request, context), author: context.keyName)
            written()
            var response = Self.json(created.json, status: .created)
            response.headers[.location] = "/api/qr/codes/\(created.id)"
            return response
        }
        router.post("/api/qr/codes/bulk") { request, context in
            try context.require(.write)
            let job = try api.createMany(body: try await Self.body(request, context), jobs: jobs, author: context.keyName)
            written()
            var response = Self.json(JSONWriter.pretty(.object([.init("bulkId", .string(job.id))])), status: .accepted)
            response.headers[.location] = "/api/qr/codes/bulk/\(job.id)"
            return response
        }
        router.get("/api/qr/codes/bulk/:bulkId") { _, context in
            try context.require(.write)
            let id = context.parameters.get("bulkId") ?? ""
            guard let job = jobs.job(id, now: Int(Date().timeIntervalSince1970)) else {
                throw APIProblem(.notFound, "no bulk job \(id) (results are removed 24 hours after they are made)")
            }
            return Self.json(job.json)
        }
        router.get("/api/qr/codes/bulk/:bulkId/result") { _, context in
            try context.require(.write)
            let bytes = try jobs.claim(context.parameters.get("bulkId") ?? "", now: Int(Date().timeIntervalSince1970))
            return Response(status: .ok, headers: [.contentType: "application/zip", .contentDisposition: "attachment; filename=\"codes.zip\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/api/qr/codes/:id") { _, context in
            try context.require(.read)
            let found = try api.lookup(context.parameters.get("id") ?? "")
            return Self.json(found.query.json(found.code))
        }
        router.put("/api/qr/codes/:id") { request, context in
            try context.require(.write)
            let updated = try api.setDestination(context.parameters.get("id") ?? "", body: try await Self.body(request, context), author: context.keyName)
            written()
            return Self.json(updated)
        }
        router.get("/api/qr/codes/:id/analytics") { request, context in
            try context.require(.analytics)
            return Self.json(try api.analytics(context.parameters.get("id") ?? "", request.uri.queryParameters))
        }
        router.get("/api/qr/codes/:id/image") { request, context in
            try context.require(.read)
            let image = try api.image(context.parameters.get("id") ?? "")
            let etag = APIService.etag(image.bytes)
            var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, no-cache"]
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
                return Response(status: .notModified, headers: headers)
            }
            headers[.contentType] = image.contentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: image.bytes)))
        }
        router.post("/api/qr/static") { request, context in
            try context.require(.read)
            return Self.json(try api.renderStatic(body: try await Self.body(request, context)))
        }
        return router
    }

    /// Runs until SIGTERM or SIGINT, then finishes the requests in flight and the bulk job
    /// being drawn.
    public func run(onStarted: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let keys = keys, jobs = jobs
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in onStarted(channel.localAddress?.port ?? 0) }
        )
        jobs.start()
        // Last-use times are written back once a minute, not on every request; log lines
        // a few times a second.
        let flusher = Task.detached {
            var ticks = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                Self.standardOutput.flush()
                ticks += 1
                if ticks % 300 == 0 { keys.flushUse() }
            }
        }
        defer {
            flusher.cancel()
            jobs.finishCurrent(within: 30)
            keys.flushUse()
            Self.standardOutput.flush()
        }
        try await app.runService()
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The whole body, at most 1 MiB (413 past that).
    static func body(_ request: Request, _ context: APIContext) async throws -> [UInt8] {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIProblem(.unsupportedMediaType, "send the body as application/json (got \(type))")
        }
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

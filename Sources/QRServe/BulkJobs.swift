import QRLock
import Foundation
import QRBuildKit
import QRPayload
import Synchronization

/// One bulk create, as `.qrbuild/bulk/<id>/job.json` keeps it (so jobs survive a restart).
struct BulkJob: Codable, Sendable {
    enum Status: String, Codable, Sendable { case queued, running, done, failed }

    var id: String
    var status: Status
    var total: Int
    var done = 0
    var errors: [String] = []
    /// The new codes' ids, in request order.
    var codes: [String]
    var createdAt: Int
    var claimedAt: Int?

    /// `{"bulkId","status","total","done","errors"}`.
    var json: String {
        JSONWriter.pretty(.object([
            .init("bulkId", .string(id)), .init("status", .string(status.rawValue)), .init("total", .number(String(total))),
            .init("done", .number(String(done))), .init("errors", .array(errors.map(FieldValue.string))),
        ]))
    }
}

/// Bulk creates: the codes are added to the manifest when the request comes (all or none);
/// their images and `index.csv` are then drawn into a zip by one worker thread, job by job.
/// The zip can be fetched once; unclaimed results are removed after 24 hours.
final class BulkJobs: Sendable {
    static let lifetime = 24 * 3600
    let folder: String
    private let manifest: ManifestReader
    private let queue = Locked<[String]>([])
    /// Whether the worker is drawing a job now.
    private let busy = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// Serialises the reads and writes of job files between requests and the worker.
    private let files = Locked(())

    init(folder: String, manifest: ManifestReader) {
        self.folder = folder
        self.manifest = manifest
    }

    /// Starts the worker, after queueing again the jobs a stopped server left unfinished.
    func start() {
        sweep(now: Int(Date().timeIntervalSince1970))
        let unfinished = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted().compactMap { load($0) }
            .filter { $0.status == .queued || $0.status == .running } ?? []
        queue.withLock { $0.append(contentsOf: unfinished.map(\.id)) }
        for _ in unfinished { wake.signal() }
        Thread.detachNewThread { [self] in
            while true {
                wake.wait()
                guard let next = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
                busy.store(true, ordering: .sequentiallyConsistent)
                run(next)
                busy.store(false, ordering: .sequentiallyConsistent)
            }
        }
    }

    /// On shutdown: lets the job being drawn finish (up to `seconds`); queued ones stay
    /// queued in their files and run when the server starts again.
    func finishCurrent(within seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while busy.load(ordering: .sequentiallyConsistent), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    /// Records a job for the codes just added and queues it.
    func submit(codes: [String], now: Int) throws -> BulkJob {
        let job = BulkJob(id: "bulk_" + Self.randomID(), status: .queued, total: codes.count, codes: codes, createdAt: now)
        try save(job)
        queue.withLock { $0.append(job.id) }
        wake.signal()
        return job
    }

    /// The job, if it exists and has not expired.
    func job(_ id: String, now: Int) -> BulkJob? {
        sweep(now: now)
        return Self.isValidID(id) ? load(id) : nil
    }

    /// The result's bytes, once: 404 unknown, 409 not done, 410 fetched or failed or expired.
    func claim(_ id: String, now: Int) throws(APIProblem) -> [UInt8] {
        sweep(now: now)
        return try files.withLock { _ throws(APIProblem) -> [UInt8] in
            guard Self.isValidID(id), var job = load(id) else {
                throw APIProblem(.notFound, "no bulk job \(id) (results are removed 24 hours after they are made)")
            }
            if job.claimedAt != nil { throw APIProblem(.gone, "the result of \(id) was fetched already; it is given once") }
            switch job.status {
            case .queued, .running: throw APIProblem(.conflict, "\(id) is \(job.status.rawValue) (\(job.done) of \(job.total) done); poll GET /api/qr/codes/bulk/\(id)")
            case .failed: throw APIProblem(.gone, "\(id) failed: \(job.errors.joined(separator: "; "))")
            case .done: break
            }
            let zip = folder + "/" + id + "/result.zip"
            guard let bytes = FileManager.default.contents(atPath: zip) else { throw APIProblem(.gone, "the result of \(id) is gone") }
            job.claimedAt = now
            try? save(job)
            try? FileManager.default.removeItem(atPath: zip)
            return Array(bytes)
        }
    }

    /// Removes jobs older than a day.
    func sweep(now: Int) {
        files.withLock { _ in
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where Self.isValidID(name) {
                if let job = load(name), now - job.createdAt > Self.lifetime {
                    try? FileManager.default.removeItem(atPath: folder + "/" + name)
                }
            }
        }
    }

    private func run(_ id: String) {
        guard var job = files.withLock({ _ in load(id) }) else { return }
        job.status = .running
        job.done = 0
        try? files.withLock { _ in try save(job) }
        do {
            let query = try manifest.query()
            let byID = Dictionary(query.manifest.codes.compactMap { code in code.id.map { ($0.key, code) } }, uniquingKeysWith: { a, _ in a })
            let codes = try job.codes.map { id -> Manifest.Code in
                guard let code = byID[id.lowercased()] else { throw APIProblem(.conflict, "\(id) is no longer in the manifest") }
                return code
            }
            try BulkResult.write(codes, of: query.manifest, to: folder + "/" + id + "/result.zip", modified: job.createdAt) { done in
                // A progress note every 25 codes: a poll sees the job move.
                guard done % 25 == 0 else { return }
                job.done = done
                try? files.withLock { _ in try save(job) }
            }
            job.done = job.total
            job.status = .done
        } catch {
            job.status = .failed
            job.errors.append("\(error)")
        }
        try? files.withLock { _ in try save(job) }
    }

    private func load(_ id: String) -> BulkJob? {
        guard let bytes = FileManager.default.contents(atPath: folder + "/" + id + "/job.json") else { return nil }
        return try? JSONDecoder().decode(BulkJob.self, from: bytes)
    }

    private func save(_ job: BulkJob) throws {
        try FileManager.default.createDirectory(atPath: folder + "/" + job.id, withIntermediateDirectories: true)
        try AtomicFile.write(Array(try JSONEncoder().encode(job)), to: folder + "/" + job.id + "/job.json", permissions: 0o600)
    }

    static func randomID() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Ids are ours only: nothing else reaches a path.
    static func isValidID(_ id: String) -> Bool {
        id.hasPrefix("bulk_") && id.utf8.count == 25 && id.utf8.dropFirst(5).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }
    }
}

// libFuzzer target: the HTTP API's request decoding, through the same service the routes
// call, on a throwaway project. The first byte picks the endpoint (create, bulk create,
// set destination, static render, list); the rest is its body, or the list's query string.
// Properties: every refusal is a 4xx, never a 500; when the body is JSON, each problem's
// pointer names a place in that body (its last step may be a key the body lacks, as with
// "required"); a write that succeeds leaves a manifest that decodes, with the codes it
// promised; every answer is JSON.
@testable import QRServe
import Foundation
import Hummingbird
import HummingbirdCore
import QRBuildKit
import QRPayload

private let manifestText = """
{
  "version": 1,
  "redirect": { "base": "https://qr.example.com/r/" },
  "codes": [
    { "id": "ab3xk9pq", "name": "poster", "data": "https://example.com/a", "tags": ["spring"] },
    { "id": "cd4ym2rt", "data": "https://example.com/b", "returnType": "svg" }
  ]
}
"""

/// A project folder of this process's own, made once.
private let folder: String = {
    var template = Array((FileManager.default.temporaryDirectory.path + "/qrbuild-fuzz-request-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { preconditionFailure("mkdtemp failed") }
    return String(cString: made)
}()

private var manifestPath: String { folder + "/qrcodes.json" }

/// Puts the project back as it was: the manifest, no lockfile, no bulk jobs.
private func resetProject() {
    precondition(FileManager.default.createFile(atPath: manifestPath, contents: Data(manifestText.utf8)), "cannot write \(manifestPath)")
    try? FileManager.default.removeItem(atPath: BuildOptions(manifestPath: manifestPath, outputPath: "").lockfilePath)
    try? FileManager.default.removeItem(atPath: folder + "/bulk")
}

private enum Endpoint: UInt8, CaseIterable {
    case create, createMany, setDestination, renderStatic, list
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let endpoint = Endpoint.allCases[Int(data[0]) % Endpoint.allCases.count]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: count - 1))
    resetProject()
    let reader = ManifestReader(manifestPath: manifestPath)
    let service = APIService(manifest: reader, storePath: folder + "/analytics.sqlite", outputPath: nil, clock: .utc)
    let before = codeCount()
    do throws(APIProblem) {
        switch endpoint {
        case .create:
            let created = try service.create(body: body, author: "fuzz")
            expectJSON(created.json)
            precondition(codeCount() == before + 1, "create did not add one code")
        case .createMany:
            let jobs = BulkJobs(folder: folder + "/bulk", manifest: reader)
            let job = try service.createMany(body: body, jobs: jobs, author: "fuzz")
            precondition(codeCount() == before + job.total, "bulk create added \(codeCount() - before) codes, not \(job.total)")
        case .setDestination:
            expectJSON(try service.setDestination("ab3xk9pq", body: body, author: "fuzz"))
            precondition(codeCount() == before, "setting a destination changed the number of codes")
        case .renderStatic:
            expectJSON(try service.renderStatic(body: body))
        case .list:
            let query = String(decoding: body, as: UTF8.self)
            guard !query.contains("#") else { return 0 }  // a fragment never reaches a server
            expectJSON(try service.list(URI("/api/qr/codes?" + query).queryParameters))
        }
    } catch {
        precondition((400..<500).contains(error.status.code), "a \(error.status.code) for a request: \(error.detail)")
        precondition(!error.detail.isEmpty, "a refusal without words")
        if endpoint != .list, let value = try? JSONReader.parse(body).fieldValue {
            for problem in error.invalid {
                precondition(names(problem.pointer, in: value), "the pointer \"\(problem.pointer)\" (\(problem.detail)) is not in the body")
            }
        }
    }
    return 0
}

/// How many codes the manifest on disk holds; it must decode.
private func codeCount() -> Int {
    do {
        return try CodeQuery(manifestPath: manifestPath).manifest.codes.count
    } catch {
        preconditionFailure("the API left a manifest that does not decode: \(error)")
    }
}

private func expectJSON(_ text: String) {
    precondition((try? JSONReader.parse(Array(text.utf8))) != nil, "an answer that is not JSON: \(text.prefix(200))")
}

/// Whether the JSON Pointer `pointer` names a place in `value`, or a key its parent lacks.
private func names(_ pointer: String, in value: FieldValue) -> Bool {
    guard !pointer.isEmpty else { return true }
    guard pointer.hasPrefix("/") else { return false }
    let tokens = pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
        $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
    var current = value
    for (position, token) in tokens.enumerated() {
        let isLast = position == tokens.count - 1
        switch current {
        case .object(let members):
            guard let member = members.first(where: { $0.name == token }) else { return isLast }
            current = member.value
        case .array(let elements):
            guard let index = Int(token), elements.indices.contains(index) else { return false }
            current = elements[index]
        default:
            return false
        }
    }
    return true
}

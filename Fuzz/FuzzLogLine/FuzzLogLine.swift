// libFuzzer target: the combined and JSON access-log line parsers `ingest` runs on every
// line of logs anyone can write into (a request line is the client's to choose).
// Properties: every field of an accepted line lies inside the line; its path starts with
// `/`, or is empty when the request had none (nginx logs a refused TLS hello or `*` too,
// and those lines count as other requests); its status is an HTTP status (or nginx's 000); both entry
// points (by first byte, and by the format detected for the log) agree.
@testable import QRAnalytics

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogLine(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let line = UnsafeBufferPointer(start: data, count: count)
    guard let record = LogFormat.parseAny(line) else { return 0 }
    for range in [record.method, record.path, record.agent, record.referrer, record.address, record.forwarded, record.country] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a field outside the line: \(range) of \(count)")
    }
    precondition(record.path.isEmpty || line[record.path.lowerBound] == UInt8(ascii: "/"),
                 "an accepted line whose path does not start with /")
    precondition(record.status == 0 || (100...599).contains(Int(record.status)), "status \(record.status)")
    let detected = LogFormat.detect(line)
    if let again = detected.parse(line) {
        precondition(again.path == record.path && again.time == record.time && again.status == record.status,
                     "the parsers disagree on one line")
    }
    return 0
}

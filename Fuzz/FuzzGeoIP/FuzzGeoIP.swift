// libFuzzer target: libmaxminddb through qrbuild's wrapper, on mutated databases (the seed
// corpus holds the small City and Country databases the tests build). A GeoIP database is
// a file from outside; a damaged one must be refused or read, never crash the ingest.
// Properties: a lookup's country is two upper-case letters, a city at most 95 bytes.
@testable import QRAnalytics
import Foundation

private let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-fuzz-\(getpid()).mmdb").path
private let addresses = ["81.2.69.160", "2001:db8::1", "89.160.20.112", "216.160.83.56", "0.0.0.0", "255.255.255.255",
                         "::ffff:81.2.69.142", "1.2.3.4", "not an address", ""]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoIP(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes: data, count: count)),
          let database = try? GeoIPDatabase(path: scratch) else { return 0 }
    _ = database.hasCities
    _ = database.buildEpoch
    for address in addresses {
        guard let record = database.record(of: address) else { continue }
        if let country = database.country(ofRecord: record) {
            precondition(country.utf8.count == 2 && country.utf8.allSatisfy { (0x41...0x5A).contains($0) }, "country \(country.debugDescription)")
        }
        if let city = database.city(ofRecord: record) {
            precondition(city.utf8.count <= 95, "a city name longer than its buffer")
        }
    }
    return 0
}

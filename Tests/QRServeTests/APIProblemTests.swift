import Testing
@testable import QRServe

/// Manifest paths of a new code become JSON Pointers into the request that made it.
@Suite struct APIProblemTests {
    @Test func aNewCodesPathBecomesAPointerIntoTheBody() {
        #expect(APIProblem.pointer(forManifestPath: "codes[12].style.logo.size", newCodes: 12..<13, bulk: false) == "/style/logo/size")
        #expect(APIProblem.pointer(forManifestPath: "codes[14].data.ssid", newCodes: 12..<15, bulk: true) == "/2/data/ssid")
        #expect(APIProblem.pointer(forManifestPath: "codes[3].name", newCodes: 12..<13, bulk: false) == "/codes/3/name")
        #expect(APIProblem.pointer(forManifestPath: "codes[12]", newCodes: 12..<13, bulk: false) == "")
    }

    /// A key with a dot is one step, and `/` and `~` are escaped as RFC 6901 asks.
    @Test func keysThatAreNotWordsStayOneStep() {
        #expect(APIProblem.pointer(forManifestPath: #"codes[0].style["a.b"]"#, newCodes: 0..<1, bulk: false) == "/style/a.b")
        #expect(APIProblem.pointer(forManifestPath: #"codes[0].data["x/y~z"]"#, newCodes: 0..<1, bulk: true) == "/0/data/x~1y~0z")
        #expect(APIProblem.pointer(forManifestPath: #"codes[0].data.phone[1]["a b"]"#, newCodes: 0..<1, bulk: false) == "/data/phone/1/a b")
    }
}

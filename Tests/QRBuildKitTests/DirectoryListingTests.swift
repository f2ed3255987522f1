@testable import QRBuildKit
import Foundation
import Testing

/// Folder listings of many short and long names: glibc packs `readdir` entries as long as
/// their names into one buffer, so a short entry last in it sits at the buffer's end.
/// Reading a whole `dirent` there read past the buffer (one crashed build in a few hundred
/// before the fix; under `make test-asan` this test fails at once on that code).
@Suite struct DirectoryListingTests {
    @Test func listsAndRemovesEveryNameOfAFullFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-listing-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/inner", withIntermediateDirectories: true)
        var names: Set<String> = ["inner"]
        for index in 0..<3_000 {
            let name = String(repeating: "n", count: index % 37) + String(index, radix: 36)
            names.insert(name)
            #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: nil))
            if index % 3 == 0 { _ = FileManager.default.createFile(atPath: folder + "/inner/" + name, contents: nil) }
        }
        let listed = DirectoryListing.entries(of: folder)
        #expect(Set(listed.map(\.name)) == names)
        #expect(listed.filter(\.isRegularFile).count == names.count - 1)
        try SafeTree.remove(folder)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}

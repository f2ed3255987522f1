import Foundation
@testable import QRBuildKit
import Testing

@Suite struct ZipArchiveTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("qrbuild-\(UUID().uuidString)-\(name)").path
    }

    /// `python3 -m zipfile -t`: a reader that is not ours and not libarchive.
    func pythonAccepts(_ path: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "zipfile", "-t", path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test func membersCopiedIntoAnArchiveReadBack() throws {
        let files = (0..<300).map { index in
            ZipMemberWriter.File(name: "code-\(index).svg", contents: Array("<svg>\(index)</svg>".utf8),
                                 stored: index % 2 == 0, modified: 1_767_225_600 + index)
        }
        let members = try ZipMemberWriter.members(of: files, label: "test")
        #expect(members.map(\.name) == files.map(\.name))
        #expect(members.map(\.modified) == files.map(\.modified))
        #expect(members.map(\.method) == files.map { $0.stored ? 0 : 8 })
        let path = temporaryPath("a.zip")
        defer { unlink(path) }
        let assembler = try ZipAssembler(path: path)
        for member in members.reversed() { try assembler.append(member) }
        try assembler.finish()
        #expect(try pythonAccepts(path))
        // Read back, then copied again: the same bytes (what an incremental build relies on).
        let read = try ZipDirectory.members(of: try #require(ZipBytes(mapping: path)))
        #expect(read.map(\.name) == files.map(\.name).reversed())
        let copy = temporaryPath("b.zip")
        defer { unlink(copy) }
        let again = try ZipAssembler(path: copy)
        for member in read { try again.append(member) }
        try again.finish()
        #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: copy))
    }

    @Test func moreThan65535EntriesUseZip64() throws {
        let files = (0..<70_000).map {
            ZipMemberWriter.File(name: "\($0).txt", contents: [UInt8(truncatingIfNeeded: $0)], stored: true, modified: 315_532_800)
        }
        let path = temporaryPath("big.zip")
        defer { unlink(path) }
        let assembler = try ZipAssembler(path: path)
        for batch in stride(from: 0, to: files.count, by: 5_000) {
            for member in try ZipMemberWriter.members(of: Array(files[batch..<batch + 5_000]), label: "test") {
                try assembler.append(member)
            }
        }
        try assembler.finish()
        let read = try ZipDirectory.members(of: try #require(ZipBytes(mapping: path)))
        #expect(read.count == 70_000)
        #expect(read.last?.name == "69999.txt")
        #expect(try pythonAccepts(path))
    }

    @Test func membersPast4GiBGetZip64Offsets() throws {
        let files = (0..<3).map {
            ZipMemberWriter.File(name: "far-\($0).svg", contents: Array("<svg>\($0)</svg>".utf8), stored: false, modified: 315_532_800)
        }
        let path = temporaryPath("far.zip")
        defer { unlink(path) }
        // A sparse 4 GiB hole first, so every member's offset needs the zip64 field.
        let assembler = try ZipAssembler(path: path, leadingHole: 1 << 32)
        for member in try ZipMemberWriter.members(of: files, label: "test") { try assembler.append(member) }
        try assembler.finish()
        let read = try ZipDirectory.members(of: try #require(ZipBytes(mapping: path)))
        #expect(read.map(\.name) == files.map(\.name))
        #expect(read.first?.local.lowerBound == 1 << 32)
        #expect(try pythonAccepts(path))
    }

    @Test func damagedArchivesAreRefused() throws {
        let path = temporaryPath("bad.zip")
        defer { unlink(path) }
        try Data("PK\u{5}\u{6} not really a zip archive at all".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ZipDirectory.Malformed.self) { try ZipDirectory.members(of: try #require(ZipBytes(mapping: path))) }
    }
}

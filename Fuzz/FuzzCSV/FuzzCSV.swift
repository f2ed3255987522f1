// libFuzzer target: the CSV reader (`qrbuild add --csv`, bulk input) against qrbuild's CSV
// writer (archives' index.csv, analytics --csv, the site's data files).
// Properties: line numbers only grow; the rows the reader accepts, written by `CSVTable`
// and read again, are the same cells (with the `'` the writer puts before a cell a
// spreadsheet would run as a formula).
@testable import QRBuildKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let rows = try? CSVReader.rows(text) else { return 0 }
    var last = 0
    for row in rows {
        precondition(row.line >= last, "line numbers go backwards")
        last = row.line
    }
    let written = String(decoding: rows.flatMap { CSVTable.line($0.cells) }, as: UTF8.self)
    let again: [[String]]
    do {
        again = try CSVReader.rows(written).map(\.cells)
    } catch {
        preconditionFailure("the writer's rows do not read: \(error): \(rows.map(\.cells)) written as \(written.debugDescription)")
    }
    let formula: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]
    let expected = rows.map { row in row.cells.map { cell in cell.utf8.first.map(formula.contains) == true ? "'" + cell : cell } }
    let blank: ([String]) -> Bool = { $0.count == 1 && $0[0].isEmpty }
    precondition(again.filter { !blank($0) } == expected.filter { !blank($0) },
                 "rows change when written and read again: \(expected) became \(again)")
    return 0
}

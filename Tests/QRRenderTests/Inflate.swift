import CZlib
import Testing

/// `stream` (a zlib stream) inflated by zlib itself, which allows at most `capacity` bytes out.
func inflate(_ stream: [UInt8], capacity: Int) throws -> [UInt8] {
    var output = [UInt8](repeating: 0, count: capacity)
    var length = uLongf(output.count)
    let result = output.withUnsafeMutableBufferPointer { out in
        stream.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
    }
    try #require(result == Z_OK, "zlib uncompress returned \(result)")
    return Array(output[0..<Int(length)])
}

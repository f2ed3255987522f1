import CZlib

/// A zlib call that failed, with zlib's own return code and message.
public struct ZlibError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The zlib function that failed, e.g. `deflate`.
    public let operation: String
    /// zlib's return code (`Z_STREAM_ERROR`, `Z_MEM_ERROR`, …).
    public let code: Int32
    public let message: String

    public var description: String { "zlib \(operation) failed (\(code)): \(message)" }
}

/// The few zlib entry points the renderers need, behind Swift names.
enum Zlib {
    /// `data` compressed as one zlib stream (RFC 1950) at `level` (0–9).
    ///
    /// - Complexity: O(*n*).
    static func compress(_ data: [UInt8], level: Int32) throws(ZlibError) -> [UInt8] {
        var stream = z_stream()
        let initResult = qrbuild_deflateInit2(&stream, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY)
        guard initResult == Z_OK else { throw error("deflateInit2", initResult, stream) }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count)))
        var output = [UInt8](repeating: 0, count: bound)
        var result = Z_OK
        var produced = 0
        data.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { buffer in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                // deflateBound guarantees one call with Z_FINISH completes the stream.
                result = deflate(&stream, Z_FINISH)
                produced = buffer.count - Int(stream.avail_out)
            }
        }
        guard result == Z_STREAM_END else { throw error("deflate", result, stream) }
        output.removeSubrange(produced...)
        return output
    }

    /// The CRC-32 of `bytes`, continuing from `crc`.
    static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(CZlib.crc32(uLong(crc), buffer.baseAddress, uInt(buffer.count)))
        }
    }

    private static func error(_ operation: String, _ code: Int32, _ stream: z_stream) -> ZlibError {
        let message = stream.msg.map { String(cString: $0) } ?? String(cString: zError(code))
        return ZlibError(operation: operation, code: code, message: message)
    }
}

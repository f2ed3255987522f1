import CZlib
import QRLock

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
    /// `data` compressed as one zlib stream (RFC 1950) with `settings`.
    ///
    /// Streams are pooled and reset rather than created per call: setting one up
    /// costs about 40 µs (a quarter megabyte of state, page-faulted in afresh each
    /// time), more than compressing a typical QR image (measured).
    ///
    /// - Complexity: O(*n*).
    static func compress(_ data: [UInt8], settings: DeflateSettings) throws(ZlibError) -> [UInt8] {
        let stream = try DeflateStream.pool.take(settings: settings)
        defer { DeflateStream.pool.give(back: stream) }
        return try stream.compress(data)
    }

    /// The CRC-32 of `bytes`, continuing from `crc`.
    static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { crc32($0, continuing: crc) }
    }

    static func crc32(_ buffer: UnsafeBufferPointer<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        UInt32(CZlib.crc32(uLong(crc), buffer.baseAddress, uInt(buffer.count)))
    }

    static func error(_ operation: String, _ code: Int32, _ stream: UnsafeMutablePointer<z_stream>) -> ZlibError {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? String(cString: zError(code))
        return ZlibError(operation: operation, code: code, message: message)
    }
}

/// A zlib level and, optionally, its match search tuned (see zlib's `deflateTune`).
struct DeflateSettings: Hashable, Sendable {
    struct Tuning: Hashable, Sendable {
        var goodLength: Int32, maxLazy: Int32, niceLength: Int32, maxChain: Int32
    }

    var level: Int32
    var tuning: Tuning?
}

/// One deflate stream, reset between uses.
///
/// `@unchecked Sendable`: the pool hands a stream to one caller at a time, and only
/// that caller touches it until it is given back.
final class DeflateStream: @unchecked Sendable {
    let settings: DeflateSettings
    private let stream: UnsafeMutablePointer<z_stream>

    init(settings: DeflateSettings) throws(ZlibError) {
        self.settings = settings
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let result = qrbuild_deflateInit2(stream, settings.level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY)
        guard result == Z_OK else {
            let error = Zlib.error("deflateInit2", result, stream)
            stream.deallocate()
            throw error
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    func compress(_ data: [UInt8]) throws(ZlibError) -> [UInt8] {
        let reset = deflateReset(stream)
        guard reset == Z_OK else { throw Zlib.error("deflateReset", reset, stream) }
        // deflateReset reloads the level's parameters, so the tuning goes after it.
        if let tuning = settings.tuning {
            let tuned = deflateTune(stream, tuning.goodLength, tuning.maxLazy, tuning.niceLength, tuning.maxChain)
            guard tuned == Z_OK else { throw Zlib.error("deflateTune", tuned, stream) }
        }
        let bound = Int(deflateBound(stream, uLong(data.count)))
        var result = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            data.withUnsafeBufferPointer { input in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                // deflateBound guarantees one call with Z_FINISH completes the stream.
                result = deflate(stream, Z_FINISH)
                count = buffer.count - Int(stream.pointee.avail_out)
            }
        }
        guard result == Z_STREAM_END else { throw Zlib.error("deflate", result, stream) }
        return output
    }

    /// Idle streams, at most a few per level, shared by all threads.
    static let pool = Pool()

    final class Pool: Sendable {
        private let idle = Locked<[DeflateStream]>([])
        private let limit = 8

        func take(settings: DeflateSettings) throws(ZlibError) -> DeflateStream {
            let reused = idle.withLock { streams -> DeflateStream? in
                guard let index = streams.lastIndex(where: { $0.settings == settings }) else { return nil }
                return streams.remove(at: index)
            }
            if let reused { return reused }
            return try DeflateStream(settings: settings)
        }

        func give(back stream: DeflateStream) {
            idle.withLock { streams in
                if streams.count < limit { streams.append(stream) }
            }
        }
    }
}

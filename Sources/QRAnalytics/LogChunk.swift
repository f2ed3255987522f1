/// A piece of a log as `LogSource.nextBlock` hands it out.
enum LogChunk {
    /// Whole lines, each ending with a newline.
    case lines([UInt8])
    /// One line of `LogSource.longestLine` bytes or more (without its newline), read past without being kept.
    case overlongLine(OverlongLine)
}

/// A line too long to be a log line: what a report shows of it.
struct OverlongLine: Sendable {
    /// Bytes kept from its start, for the report.
    static let excerptLength = LogExcerpt.shownLength

    /// Its first `excerptLength` bytes.
    let excerpt: [UInt8]
    /// Its length in bytes, without the newline.
    let length: Int
}

import Dispatch
import QuarryBase

/// Formats rows in batches on every core and hands the bytes on in row order, a window of two
/// batches per core at a time (two, so a worker slow to wake costs less), so what writing adds to memory stays bounded whatever the row count.
/// A result of one batch or less is formatted on the calling thread, with no thread handoff.
enum OutputBatches {
    /// Rows per batch: large enough that a thread's start-up is paid back many times.
    static let batchRows = 65_536
    /// Output is handed to the sink in chunks of about this many bytes.
    static let chunkBytes = 4 << 20

    static var workerCount: Int { min(8, RowParts.cores) }

    /// Part `part` of `count` items split into `parts` near-equal ranges.
    static func slice(_ count: Int, part: Int, of parts: Int) -> Range<Int> {
        (count * part / parts)..<(count * (part + 1) / parts)
    }

    /// Calls `format` for each batch of `rowCount` rows (a range of rows, and the buffer to
    /// append to) and writes the buffers to `sink` in row order. `prefix` and `suffix` are written
    /// before the first row and after the last.
    static func run(
        rowCount: Int, prefix: [UInt8], suffix: [UInt8], to sink: inout some ByteSink,
        format: (Range<Int>, ByteBuffer) -> Void
    ) throws(WriteFailure) {
        let batchCount = (rowCount + batchRows - 1) / batchRows
        let workers = min(2 * workerCount, batchCount)
        if workerCount == 1 || batchCount <= 1 {
            // Small results (and one-core machines): one buffer, flushed whenever it fills.
            let out = ByteBuffer(capacity: min(chunkBytes, 256 + rowCount * 32))
            out.append(prefix)
            for batch in 0..<batchCount {
                format(batch * batchRows..<min(rowCount, (batch + 1) * batchRows), out)
                if out.count >= chunkBytes {
                    try sink.write(out.bytes)
                    out.count = 0
                }
            }
            out.append(suffix)
            try sink.write(out.bytes)
            return
        }
        try sink.write(prefix)
        let buffers = (0..<workers).map { _ in ByteBuffer(capacity: 1 << 20) }
        let sharedBuffers = UncheckedBox(buffers)
        var first = 0
        while first < batchCount {
            let inWindow = min(workers, batchCount - first)
            let start = first
            withoutActuallyEscaping(format) { format in
                let shared = UncheckedBox(format)
                DispatchQueue.concurrentPerform(iterations: inWindow) { i in
                    let out = sharedBuffers.value[i]
                    let batch = start + i
                    out.count = 0
                    shared.value(batch * batchRows..<min(rowCount, (batch + 1) * batchRows), out)
                }
            }
            for i in 0..<inWindow { try sink.write(buffers[i].bytes) }
            first += inWindow
        }
        try sink.write(suffix)
    }
}

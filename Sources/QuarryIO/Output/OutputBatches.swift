import Dispatch
import QuarryBase

/// Formats rows in batches on every core and hands the bytes on in row order, a window of two
/// batches per core at a time (two, so a worker slow to wake costs less), so what writing adds to
/// memory stays bounded whatever the row count: two windows, one formatted while the other is written.
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
                if Cancellation.isRequested { throw WriteFailure.cancelled }
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
        // Two sets of buffers: while the calling thread writes one window's buffers to the sink,
        // the workers format the next window into the other set.
        let sets = (0..<2).map { _ in UncheckedBox((0..<workers).map { _ in ByteBuffer(capacity: 1 << 20) }) }
        let windowCount = (batchCount + workers - 1) / workers
        try withoutActuallyEscaping(format) { format throws(WriteFailure) in
            let shared = UncheckedBox(format)
            let formatting = DispatchGroup()
            func start(_ window: Int) {
                let first = window * workers
                let inWindow = min(workers, batchCount - first)
                let buffers = sets[window & 1]
                DispatchQueue.global().async(group: formatting) {
                    DispatchQueue.concurrentPerform(iterations: inWindow) { i in
                        let out = buffers.value[i]
                        let batch = first + i
                        out.count = 0
                        shared.value(batch * batchRows..<min(rowCount, (batch + 1) * batchRows), out)
                    }
                }
            }
            start(0)
            for window in 0..<windowCount {
                formatting.wait()
                if Cancellation.isRequested { throw WriteFailure.cancelled }
                if window + 1 < windowCount { start(window + 1) }
                let inWindow = min(workers, batchCount - window * workers)
                do throws(WriteFailure) {
                    for i in 0..<inWindow { try sink.write(sets[window & 1].value[i].bytes) }
                } catch {
                    // The workers still format the next window with `format`: wait for them.
                    formatting.wait()
                    throw error
                }
            }
        }
        try sink.write(suffix)
    }
}

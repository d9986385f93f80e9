import Dispatch
import Glibc
import QuarryBase

/// Reads a stream ahead on a thread of its own, so decompressing the next pieces of a file
/// overlaps the work on the pieces before (which keeps both cores busy). At most `slots` pieces
/// wait, so it holds a few megabytes whatever the file's size.
final class PrefetchedStream: TextStream {
    private let shared: Shared
    private var thread = pthread_t()
    private var started = false
    /// The piece being read from, and how far.
    private var slot = 0
    private var offset = 0
    private var holding = false
    private var ended = false

    init(_ inner: any TextStream, pieceBytes: Int = 4 << 20, slots: Int = 8) {
        shared = Shared(inner, pieceBytes: pieceBytes, slots: slots)
        let context = Unmanaged.passRetained(shared).toOpaque()
        started =
            pthread_create(
                &thread, nil,
                { context in
                    Unmanaged<Shared>.fromOpaque(context!).takeRetainedValue().produce()
                    return nil
                }, context) == 0
        if !started { Unmanaged<Shared>.fromOpaque(context).release() }
    }

    deinit {
        guard started else { return }
        // The producer waits for a free slot at most; told to stop, it ends.
        shared.stopping = true
        shared.free.signal()
        pthread_join(thread, nil)
    }

    func read(into out: UnsafeMutableBufferPointer<UInt8>) throws(Diagnostic) -> Int {
        // Without a thread, read directly.
        guard started else { return try shared.inner.read(into: out) }
        var written = 0
        while written < out.count, !ended {
            if !holding {
                shared.ready.wait()
                holding = true
                offset = 0
                if let failure = shared.failures[slot] { throw failure }
            }
            let piece = shared.pieces[slot]
            let count = shared.counts[slot]
            let n = min(count - offset, out.count - written)
            if n > 0 { memcpy(out.baseAddress! + written, piece.baseAddress! + offset, n) }
            offset += n
            written += n
            if offset == count {
                // A short piece is the last.
                if count < piece.count { ended = true }
                holding = false
                slot = (slot + 1) % shared.pieces.count
                shared.free.signal()
            }
        }
        return written
    }

    /// What the producer thread and the reader share; each slot is handed from one to the other
    /// by the semaphores, so no slot is touched by both at once.
    private final class Shared: @unchecked Sendable {
        let inner: any TextStream
        var pieces: [UnsafeMutableBufferPointer<UInt8>]
        var counts: [Int]
        var failures: [Diagnostic?]
        let free: DispatchSemaphore
        let ready = DispatchSemaphore(value: 0)
        var stopping = false

        init(_ inner: any TextStream, pieceBytes: Int, slots: Int) {
            self.inner = inner
            pieces = (0..<slots).map { _ in .allocate(capacity: pieceBytes) }
            counts = Array(repeating: 0, count: slots)
            failures = Array(repeating: nil, count: slots)
            // Made at zero and signalled: a semaphore freed below the value it was made with traps.
            free = DispatchSemaphore(value: 0)
            for _ in 0..<slots { free.signal() }
        }

        deinit { for piece in pieces { piece.deallocate() } }

        /// Fills slots in turn until the text is over, it fails, or the reader goes away.
        func produce() {
            var slot = 0
            while true {
                free.wait()
                if stopping { return }
                do throws(Diagnostic) {
                    counts[slot] = try inner.read(into: pieces[slot])
                } catch {
                    failures[slot] = error
                    counts[slot] = 0
                }
                let last = failures[slot] != nil || counts[slot] < pieces[slot].count
                ready.signal()
                if last { return }
                slot = (slot + 1) % pieces.count
            }
        }
    }
}

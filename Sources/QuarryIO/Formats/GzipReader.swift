import CIsal
import QuarryBase

/// Reads the text of gzip data a piece at a time: each member in turn, each checked against its
/// checksum and length. Zero bytes after a member are padding (tape blocks, preallocated files),
/// as gzip itself reads them; anything else must be another member.
final class GzipReader: TextStream {
    private let input: UnsafeBufferPointer<UInt8>
    private let path: String
    /// At most this many input bytes are handed over at a time (the counts are 32-bit).
    private let chunk: Int
    private let state: UnsafeMutablePointer<inflate_state>
    /// Input bytes handed over so far.
    private var fed = 0
    private var finished = false
    /// Compressed pages already read may be let go (see `PageReleaser`).
    private let releaser: PageReleaser
    private var released = 0

    init(_ input: UnsafeBufferPointer<UInt8>, path: String, chunk: Int = Gzip.largestChunk, releaser: PageReleaser = .none) {
        self.input = input
        self.path = path
        self.chunk = max(1, min(chunk, Gzip.largestChunk))
        self.releaser = releaser
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    deinit { state.deallocate() }

    func read(into out: UnsafeMutableBufferPointer<UInt8>) throws(Diagnostic) -> Int {
        guard let outBase = out.baseAddress else { return 0 }
        var produced = 0
        while produced < out.count, !finished {
            if state.pointee.avail_in == 0, fed < input.count, let base = input.baseAddress {
                let n = min(chunk, input.count - fed)
                state.pointee.next_in = UnsafeMutablePointer(mutating: base + fed)
                state.pointee.avail_in = UInt32(n)
                fed += n
            }
            let room = min(out.count - produced, Int(UInt32.max))
            state.pointee.next_out = outBase + produced
            state.pointee.avail_out = UInt32(room)
            let status = isal_inflate(state)
            produced += room - Int(state.pointee.avail_out)
            guard status == ISAL_DECOMP_OK else { throw damaged }
            let consumed = fed - Int(state.pointee.avail_in)
            if consumed - released >= 1 << 24 {
                releaser.release(released, consumed)
                released = consumed
            }
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                if consumed >= input.count || Gzip.onlyZeros(input, from: consumed) {
                    finished = true
                    break
                }
                startNextMember()
                continue
            }
            // Output room left with every input byte used: the data was cut short.
            if state.pointee.avail_out > 0, state.pointee.avail_in == 0, fed == input.count { throw damaged }
        }
        return produced
    }

    /// Starts reading the member that follows the one just finished.
    private func startNextMember() {
        let next = state.pointee.next_in
        let left = state.pointee.avail_in
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        state.pointee.next_in = next
        state.pointee.avail_in = left
    }

    private var damaged: Diagnostic { Diagnostic.unreadableFile(path, reason: "the gzip data is damaged or cut short") }
}

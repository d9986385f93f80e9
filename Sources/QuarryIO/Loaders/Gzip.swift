import CZlib
import QuarryBase
import QuarryEngine

/// Gzip compression for `.gz` data files, through zlib.
public enum Gzip {
    static let codec = Codec(
        name: "gzip", fileExtension: "gz", magic: [0x1F, 0x8B],
        open: { bytes, path, releaser in GzipReader(bytes, path: path, releaser: releaser) },
        compressor: { GzipCompressor() })

    /// How many bytes are handed to the (de)compressor at a time: its counts are 32-bit, and
    /// files may be larger.
    static let largestChunk = Int(UInt32.max)

    /// The uncompressed bytes of a gzip file (all of its members, if it has several), kept within
    /// `memory`, read in chunks of at most `chunk` bytes (tests pass a small one).
    static func decompress(
        _ input: UnsafeBufferPointer<UInt8>, path: String, memory: MemoryBudget = MemoryBudget(),
        chunk: Int = largestChunk
    ) throws(Diagnostic)
        -> [UInt8]
    {
        try Codec.readAll(GzipReader(input, path: path, chunk: chunk), path: path, codec: "gzip", memory: memory)
    }

    /// True when every byte of `input` from `start` on is zero.
    static func onlyZeros(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        guard start < input.count, input[start] == 0, let base = input.baseAddress else { return false }
        var i = start
        // Eight bytes at a time once aligned; the padding may be gigabytes.
        while i < input.count, (Int(bitPattern: base + i) & 7) != 0 {
            if input[i] != 0 { return false }
            i += 1
        }
        let words = (input.count - i) / 8
        let wide = UnsafeRawPointer(base + i).assumingMemoryBound(to: UInt64.self)
        for w in 0..<words where wide[w] != 0 { return false }
        i += words * 8
        while i < input.count {
            if input[i] != 0 { return false }
            i += 1
        }
        return true
    }

    /// The bytes compressed as one gzip member, handed to zlib in chunks of at most `chunk` bytes
    /// (saves stream through `GzipCompressor`; this makes test files).
    public static func compress(_ input: [UInt8], path: String) throws(Diagnostic) -> [UInt8] {
        try compress(input, path: path, chunk: largestChunk)
    }

    static func compress(_ input: [UInt8], path: String, chunk: Int) throws(Diagnostic) -> [UInt8] {
        var stream = z_stream()
        guard quarry_deflate_init(&stream, Z_DEFAULT_COMPRESSION) == Z_OK else {
            throw Diagnostic.writeFailed(path, reason: "cannot start gzip compression")
        }
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var failed = false
        input.withUnsafeBufferPointer { source in
            var fed = 0
            while true {
                if stream.avail_in == 0, fed < source.count, let base = source.baseAddress {
                    let n = min(chunk, source.count - fed)
                    stream.next_in = UnsafeMutablePointer(mutating: base + fed)
                    stream.avail_in = UInt32(n)
                    fed += n
                }
                let flush = fed == source.count ? Z_FINISH : Z_NO_FLUSH
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    return deflate(&stream, flush)
                }
                output.append(contentsOf: buffer[0..<(buffer.count - Int(stream.avail_out))])
                if status == Z_STREAM_END { break }
                if status < 0 && status != Z_BUF_ERROR {
                    failed = true
                    break
                }
            }
        }
        if failed { throw Diagnostic.writeFailed(path, reason: "gzip compression failed") }
        return output
    }
}

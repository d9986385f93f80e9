import CZlib
import CZstd
@preconcurrency import Glibc
import QuarryBase

/// Compresses bytes as they come and hands on what it has made, so a compressed save streams like
/// a plain one: the text is never whole in memory, only the compressor's own window.
protocol StreamCompressor: AnyObject {
    /// Takes `bytes` (and, with `finish`, ends the stream), calling `emit` with compressed output.
    func compress(
        _ bytes: UnsafeRawBufferPointer, finish: Bool, _ emit: (UnsafeRawBufferPointer) throws(WriteFailure) -> Void
    ) throws(WriteFailure)
}

/// A sink that compresses what it is given into `inner`; `finish()` must end it.
struct CompressedSink<Inner: ByteSink>: ByteSink {
    let compressor: any StreamCompressor
    var inner: Inner

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(WriteFailure) {
        guard !bytes.isEmpty else { return }
        try compressor.compress(bytes, finish: false) { chunk throws(WriteFailure) in try inner.write(chunk) }
    }

    /// Writes the end of the compressed stream.
    mutating func finish() throws(WriteFailure) {
        try compressor.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) { chunk throws(WriteFailure) in
            try inner.write(chunk)
        }
    }
}

/// Compressors make output in chunks of this size.
private let compressedChunk = 1 << 20

/// One gzip member, through zlib's deflate (its default level).
final class GzipCompressor: StreamCompressor {
    /// zlib keeps the stream's address, so it lives in memory of its own that never moves.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: compressedChunk, alignment: 8)
    private var started = false

    init?() {
        stream.initialize(to: z_stream())
        // On failure `deinit` lets the memory go (and, not started, calls no `deflateEnd`).
        guard quarry_deflate_init(stream, Z_DEFAULT_COMPRESSION) == Z_OK else { return nil }
        started = true
    }

    deinit {
        if started { deflateEnd(stream) }
        stream.deallocate()
        output.deallocate()
    }

    func compress(
        _ bytes: UnsafeRawBufferPointer, finish: Bool, _ emit: (UnsafeRawBufferPointer) throws(WriteFailure) -> Void
    ) throws(WriteFailure) {
        var fed = 0
        while true {
            // zlib's counts are 32-bit: the input goes in pieces of at most 1 GiB.
            if stream.pointee.avail_in == 0, fed < bytes.count, let base = bytes.baseAddress {
                let n = min(1 << 30, bytes.count - fed)
                stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self) + fed)
                stream.pointee.avail_in = UInt32(n)
                fed += n
            }
            let last = finish && fed == bytes.count
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(output.count)
            let status = deflate(stream, last ? Z_FINISH : Z_NO_FLUSH)
            let made = output.count - Int(stream.pointee.avail_out)
            if made > 0 { try emit(UnsafeRawBufferPointer(rebasing: output[0..<made])) }
            if status == Z_STREAM_END { return }
            if status < 0 && status != Z_BUF_ERROR { throw WriteFailure(code: EIO) }
            // Without `finish`, done once every byte is in and the output was not full.
            if !last, fed == bytes.count, stream.pointee.avail_in == 0, stream.pointee.avail_out > 0 { return }
        }
    }
}

/// One zstd frame, at level 3 (zstd's default).
final class ZstdCompressor: StreamCompressor {
    private let context: OpaquePointer
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: compressedChunk, alignment: 8)

    init?() {
        guard let context = ZSTD_createCCtx() else { return nil }
        self.context = context
        guard ZSTD_isError(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, 3)) == 0 else { return nil }
    }

    deinit {
        ZSTD_freeCCtx(context)
        output.deallocate()
    }

    func compress(
        _ bytes: UnsafeRawBufferPointer, finish: Bool, _ emit: (UnsafeRawBufferPointer) throws(WriteFailure) -> Void
    ) throws(WriteFailure) {
        var source = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while true {
            var sink = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
            let remaining = ZSTD_compressStream2(context, &sink, &source, finish ? ZSTD_e_end : ZSTD_e_continue)
            let made = sink.pos
            guard ZSTD_isError(remaining) == 0 else { throw WriteFailure(code: EIO) }
            if made > 0 { try emit(UnsafeRawBufferPointer(rebasing: output[0..<made])) }
            // Ending: until zstd says nothing is left; otherwise once the input is all taken.
            if finish ? remaining == 0 : source.pos == source.size { return }
        }
    }
}

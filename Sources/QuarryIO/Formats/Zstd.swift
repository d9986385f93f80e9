import CZstd
import QuarryBase

/// Zstandard compression for `.zst` data files, through libzstd.
enum Zstd {
    static let codec = Codec(
        name: "zstd", fileExtension: "zst", magic: [0x28, 0xB5, 0x2F, 0xFD], decompress: decompress,
        compressor: { ZstdCompressor() })

    /// The uncompressed bytes of every frame in the file, streamed (a frame need not say its size).
    static func decompress(_ input: UnsafeBufferPointer<UInt8>, path: String, memory: MemoryBudget) throws(Diagnostic)
        -> [UInt8]
    {
        guard let context = ZSTD_createDCtx() else { throw Diagnostic.unreadableFile(path, reason: "cannot start decompression") }
        defer { ZSTD_freeDCtx(context) }
        var output = DecompressedBytes(memory: memory, path: path, codec: "zstd")
        var chunk = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var pending = 0
        while true {
            let (result, produced) = chunk.withUnsafeMutableBytes { buffer -> (Int, Int) in
                var sink = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                let result = ZSTD_decompressStream(context, &sink, &source)
                return (result, sink.pos)
            }
            if ZSTD_isError(result) != 0 {
                throw Diagnostic.unreadableFile(
                    path, reason: "the zstd data is damaged (\(String(cString: ZSTD_getErrorName(result))))")
            }
            try output.append(chunk[0..<produced])
            pending = result
            // A full chunk may leave more to flush from the input already read.
            if source.pos == source.size, produced < chunk.count { break }
        }
        // Nonzero at the end of the input: a frame was cut short.
        if pending != 0 { throw Diagnostic.unreadableFile(path, reason: "the zstd data is cut short") }
        return output.bytes
    }

    /// The bytes compressed as one zstd frame (level 3, zstd's default); saves stream through
    /// `ZstdCompressor`, this makes test files.
    static func compress(_ input: [UInt8], path: String) throws(Diagnostic) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let size = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { sink in
                ZSTD_compress(sink.baseAddress, sink.count, source.baseAddress, source.count, 3)
            }
        }
        guard ZSTD_isError(size) == 0 else {
            throw Diagnostic.writeFailed(path, reason: "zstd compression failed (\(String(cString: ZSTD_getErrorName(size))))")
        }
        output.removeLast(output.count - size)
        return output
    }
}

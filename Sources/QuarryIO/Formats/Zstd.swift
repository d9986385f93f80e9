import CZstd
import QuarryBase

/// Zstandard compression for `.zst` data files, through libzstd.
enum Zstd {
    static let codec = Codec(
        name: "zstd", fileExtension: "zst", magic: [0x28, 0xB5, 0x2F, 0xFD],
        open: { bytes, path, releaser in ZstdReader(bytes, path: path, releaser: releaser) },
        compressor: { ZstdCompressor() })

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

/// Reads the text of every frame of zstd data a piece at a time (a frame need not say its size).
final class ZstdReader: TextStream {
    private let path: String
    private let context: OpaquePointer?
    private var source: ZSTD_inBuffer
    /// Nonzero while a frame is unfinished: at the end of the input, it was cut short.
    private var pending = 0
    private var finished = false
    private let releaser: PageReleaser
    private var released = 0

    init(_ input: UnsafeBufferPointer<UInt8>, path: String, releaser: PageReleaser = .none) {
        self.path = path
        self.releaser = releaser
        context = ZSTD_createDCtx()
        source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
    }

    deinit { ZSTD_freeDCtx(context) }

    func read(into out: UnsafeMutableBufferPointer<UInt8>) throws(Diagnostic) -> Int {
        guard let context else { throw Diagnostic.unreadableFile(path, reason: "cannot start decompression") }
        var sink = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
        while sink.pos < sink.size, !finished {
            let result = ZSTD_decompressStream(context, &sink, &source)
            if ZSTD_isError(result) != 0 {
                throw Diagnostic.unreadableFile(
                    path, reason: "the zstd data is damaged (\(String(cString: ZSTD_getErrorName(result))))")
            }
            pending = result
            if source.pos - released >= 1 << 24 {
                releaser.release(released, source.pos)
                released = source.pos
            }
            // With room left in the output, everything read so far has been flushed.
            if source.pos == source.size, sink.pos < sink.size {
                finished = true
                if pending != 0 { throw Diagnostic.unreadableFile(path, reason: "the zstd data is cut short") }
            }
        }
        return sink.pos
    }
}

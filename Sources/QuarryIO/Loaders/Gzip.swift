import CZlib
import QuarryBase
import QuarryEngine

/// Gzip compression for `.gz` data files, through zlib.
public enum Gzip {
    static let codec = Codec(
        name: "gzip", fileExtension: "gz", magic: [0x1F, 0x8B], decompress: decompress, compress: compress)

    /// The uncompressed bytes of a gzip file (all of its members, if it has several).
    static func decompress(_ input: UnsafeBufferPointer<UInt8>, path: String, memory: MemoryBudget) throws(Diagnostic)
        -> [UInt8]
    {
        var stream = z_stream()
        guard quarry_inflate_init(&stream) == Z_OK else {
            throw Diagnostic.unreadableFile(path, reason: "cannot start decompression")
        }
        defer { inflateEnd(&stream) }
        var output = DecompressedBytes(memory: memory, path: path, codec: "gzip")
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(buffer.count)
                return inflate(&stream, Z_NO_FLUSH)
            }
            try output.append(chunk[0..<(chunk.count - Int(stream.avail_out))])
            if status == Z_STREAM_END {
                if stream.avail_in == 0 { return output.bytes }
                inflateReset(&stream)
                continue
            }
            guard status == Z_OK || (status == Z_BUF_ERROR && stream.avail_out == 0) else {
                throw Diagnostic.unreadableFile(path, reason: "the gzip data is damaged or cut short")
            }
        }
    }

    /// The bytes compressed as one gzip member.
    public static func compress(_ input: [UInt8], path: String) throws(Diagnostic) -> [UInt8] {
        var stream = z_stream()
        guard quarry_deflate_init(&stream, Z_DEFAULT_COMPRESSION) == Z_OK else {
            throw Diagnostic.writeFailed(path, reason: "cannot start gzip compression")
        }
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var source = input
        var failed = false
        source.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return deflate(&stream, Z_FINISH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END { break }
                if status < 0 {
                    failed = true
                    break
                }
            }
        }
        if failed { throw Diagnostic.writeFailed(path, reason: "gzip compression failed") }
        return output
    }
}

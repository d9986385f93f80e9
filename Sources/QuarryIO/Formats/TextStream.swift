import QuarryBase

/// A compressed file's text, read a piece at a time, so a loader can work on windows of it
/// rather than on the whole text at once.
protocol TextStream: AnyObject {
    /// Fills `buffer` from its start with the next bytes of the text and returns how many it
    /// wrote; fewer than `buffer.count` only at the end of the text, and 0 once it is over.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(Diagnostic) -> Int
}

extension Codec {
    /// The whole uncompressed text, kept within `memory` (for the formats that need it whole).
    func decompress(_ bytes: UnsafeBufferPointer<UInt8>, _ path: String, _ memory: MemoryBudget) throws(Diagnostic)
        -> [UInt8]
    {
        try Self.readAll(open(bytes, path, .none), path: path, codec: name, memory: memory)
    }

    static func readAll(_ stream: any TextStream, path: String, codec: String, memory: MemoryBudget) throws(Diagnostic)
        -> [UInt8]
    {
        var output = DecompressedBytes(memory: memory, path: path, codec: codec)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { buffer throws(Diagnostic) in try stream.read(into: buffer) }
            if n == 0 { return output.bytes }
            try output.append(chunk[0..<n])
        }
    }
}

import QuarryBase

/// The output of a decompression, grown by doubling as chunks arrive, and only after the memory
/// budget says the bigger buffer fits: a file that inflates past memory (a gzip bomb) is an error
/// naming what it made so far, not an abort.
struct DecompressedBytes {
    private(set) var bytes: [UInt8] = []
    let memory: MemoryBudget
    let path: String
    let codec: String

    init(memory: MemoryBudget, path: String, codec: String) {
        self.memory = memory
        self.path = path
        self.codec = codec
    }

    mutating func append(_ chunk: ArraySlice<UInt8>) throws(Diagnostic) {
        let needed = bytes.count + chunk.count
        if needed > bytes.capacity {
            let capacity = max(bytes.capacity * 2, needed, 1 << 20)
            try memory.check(
                capacity, for: "decompressing it (\(codec)) has made \(ByteSize.format(bytes.count)) and needs room for more",
                file: path)
            bytes.reserveCapacity(capacity)
        }
        bytes.append(contentsOf: chunk)
    }
}

/// Zstandard-compressed CSV; input without zstd's magic bytes is left to the csv target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZstd(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard startsWith(data, size, [0x28, 0xB5, 0x2F, 0xFD]) else { return 0 }
    return fuzzLoad(data, size, path: "fuzz.csv.zst")
}

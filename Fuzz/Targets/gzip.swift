/// Gzip-compressed CSV; input without gzip's magic bytes is left to the csv target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard startsWith(data, size, [0x1F, 0x8B]) else { return 0 }
    return fuzzLoad(data, size, path: "fuzz.csv.gz")
}

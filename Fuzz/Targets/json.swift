/// JSON (an array of objects) when the input starts with `[`, else NDJSON (one object a line).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let isArray = UnsafeBufferPointer(start: data, count: size).first { $0 != 0x20 && $0 != 0x0A } == UInt8(ascii: "[")
    return fuzzLoad(data, size, path: isArray ? "fuzz.json" : "fuzz.ndjson")
}

/// Delimited text: CSV with its delimiter sniffed, quoting, types inferred from every value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzLoad(data, size, path: "fuzz.csv")
}

import QuarryBase
import QuarryIO

/// The memory budget every target runs under: below libFuzzer's `-rss_limit_mb`, so a load or a
/// join too big for it is Quarry's error, not the fuzzer's out-of-memory report.
let fuzzMemoryCeiling = 1 << 30

/// Loads one input as a data file named `path` (its extension picks the format, and compressed
/// input is recognised by its first bytes), then renders the table. Errors are fine; crashes,
/// hangs and aborts are not.
func fuzzLoad(_ data: UnsafePointer<UInt8>, _ size: Int, path: String) -> Int32 {
    let options = LoadOptions(memory: MemoryBudget(ceiling: fuzzMemoryCeiling))
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let loaded = try? DataLoader.load(bytes: bytes, path: path, options: options) else { return 0 }
    _ = OutputFormat.table.render(loaded.table)
    return 0
}

/// True when the input starts with `magic` (a codec's first bytes).
func startsWith(_ data: UnsafePointer<UInt8>, _ size: Int, _ magic: [UInt8]) -> Bool {
    size >= magic.count && magic.indices.allSatisfy { data[$0] == magic[$0] }
}

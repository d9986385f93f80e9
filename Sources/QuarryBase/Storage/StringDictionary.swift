import Glibc
import Synchronization

/// The distinct strings of a dictionary-encoded column. Rows store `Int32` codes into `values`.
///
/// Dictionaries are immutable once built and shared between columns derived from one another
/// (a filtered column keeps its parent's dictionary), so codes stay comparable between them.

public final class StringDictionary: Sendable {
    public let values: [String]
    /// `ranks()`, worked out on first use and kept: the dictionary never changes.
    private let rankCache = Mutex<[Int32]?>(nil)
    /// Code of each value, built on first lookup: most dictionaries (every derived one, such as
    /// `lower(company)`'s) are never searched by value.
    private let indexCache = Mutex<[String: Int32]?>(nil)

    public init(_ values: [String]) {
        self.values = values
    }

    public var count: Int { values.count }

    public func code(of value: String) -> Int32? {
        let index = Self.cached(indexCache) {
            var index = [String: Int32](minimumCapacity: values.count)
            for (i, v) in values.enumerated() where index[v] == nil { index[v] = Int32(i) }
            return index
        }
        return index[value]
    }

    /// For each code, its rank in byte-wise (UTF-8) order: sorting by rank sorts by string.
    public func ranks() -> [Int32] { Self.cached(rankCache, computeRanks) }

    /// What `cache` holds, worked out by `compute` on first use (two threads may both work it
    /// out; either answer is the same, since the dictionary never changes).
    private static func cached<T: Sendable>(_ cache: borrowing Mutex<T?>, _ compute: () -> T) -> T {
        if let value = cache.withLock({ $0 }) { return value }
        let value = compute()
        cache.withLock { $0 = value }
        return value
    }

    private func computeRanks() -> [Int32] {
        // Compare bytes copied out once, rather than asking each String for its UTF-8 per comparison.
        let bytes = values.map { Array($0.utf8) }
        let order = values.indices.sorted { a, b in
            bytes[a].withUnsafeBufferPointer { x in
                bytes[b].withUnsafeBufferPointer { y in
                    let n = min(x.count, y.count)
                    let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                    return c != 0 ? c < 0 : x.count < y.count
                }
            }
        }
        var rank = [Int32](repeating: 0, count: values.count)
        var current: Int32 = -1
        for (position, code) in order.enumerated() {
            if position == 0 || values[order[position - 1]] != values[code] { current += 1 }
            rank[code] = current
        }
        return rank
    }

    /// Byte-wise comparison of UTF-8 text, the order used for sorting and min/max.
    public static func lessUTF8(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                for i in 0..<n where x[i] != y[i] { return x[i] < y[i] }
                return x.count < y.count
            }
        }
    }
}

/// Builds a dictionary incrementally, handing out a code per distinct string (distinct as
/// UTF-8 bytes, as everywhere in Quarry), through the same byte-keyed table the loaders use.
public struct DictionaryBuilder {
    private var table = ByteDictionaryBuilder()

    public init() {}

    public mutating func code(for value: String) -> Int32 {
        var value = value
        return value.withUTF8 { table.code(for: $0, 0, $0.count) }
    }

    public var values: [String] { table.values }

    public func build() -> StringDictionary { StringDictionary(table.values) }
}

@preconcurrency import Glibc
import QuarryBase
import Synchronization

/// A text column's distinct values ready for prefix completion: the dictionary's codes in
/// case-folded order (so the values starting with a prefix, ignoring case, are one run of it),
/// and the number of rows holding each code. Built once per column and kept in a
/// `ValueIndexCache`: a Tab press over a million distinct values is two binary searches.
public final class ValueIndex: Sendable {
    let dictionary: StringDictionary
    /// Codes ordered by their value lowercased (byte-wise), ties by the value itself.
    let order: [Int32]
    /// Rows per code (nulls not counted).
    let rowCounts: [Int]

    init(codes: [Int32], validity: Bitmap?, dictionary: StringDictionary) {
        self.dictionary = dictionary
        rowCounts = dictionary.rowCounts(codes: codes, validity: validity)
        order = dictionary.foldedOrder()
    }

    /// Byte-wise order of two byte strings: negative, zero or positive.
    static func compare(_ x: [UInt8], _ y: [UInt8]) -> Int32 {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                let n = min(x.count, y.count)
                let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return c != 0 ? c : Int32(x.count) - Int32(y.count)
            }
        }
    }

    /// The positions in `order` of the values that start with `prefix`, ignoring case.
    func matches(_ prefix: String) -> Range<Int> {
        let key = Array(prefix.lowercased().utf8)
        /// The first position whose value's leading bytes (as many as the key's) compare at
        /// least (or, with `past`, more than) the key.
        func bound(past: Bool) -> Int {
            var low = 0
            var high = order.count
            while low < high {
                let middle = (low + high) / 2
                let lead = Array(dictionary.values[Int(order[middle])].lowercased().utf8.prefix(key.count))
                let c = ValueIndex.compare(lead, key)
                if c < 0 || (past && c == 0) { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return bound(past: false)..<bound(past: true)
    }

    /// The values starting with `prefix` (ignoring case) that some row holds: all of them in
    /// order when at most `limit` match, else the `limit` held by the most rows, most first; and
    /// how many are left out. (A filtered column shares its parent's dictionary, so some values
    /// may be held by no row.)
    public func values(startingWith prefix: String, limit: Int) -> (values: [String], more: Int) {
        var inOrder: [Int32] = []
        // The `limit` most frequent so far, most first (ties in value order).
        var top: [Int32] = []
        var matched = 0
        for position in matches(prefix) {
            let code = order[position]
            let count = rowCounts[Int(code)]
            guard count > 0 else { continue }
            matched += 1
            if inOrder.count <= limit { inOrder.append(code) }
            if top.count == limit, count <= rowCounts[Int(top[limit - 1])] { continue }
            var slot = top.count
            while slot > 0, rowCounts[Int(top[slot - 1])] < count { slot -= 1 }
            top.insert(code, at: slot)
            if top.count > limit { top.removeLast() }
        }
        let shown = matched <= limit ? inOrder : top
        return (shown.map { dictionary.values[Int($0)] }, matched - shown.count)
    }
}

/// The value indexes built so far, one per table column. An entry is used only while the
/// column still has the same storage (the same dictionary object and codes array), so a table
/// replaced in the catalog (`let t = ...`, a reload) gets a fresh index on its next Tab.
public final class ValueIndexCache: Sendable {
    struct Entry: Sendable {
        /// Kept so the array's storage, whose address identifies it, is not reused meanwhile.
        let codes: [Int32]
        let index: ValueIndex
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let buildCount = Atomic<Int>(0)
    /// The prompt's cache, shared by every `Completer` made over its session.
    public static let shared = ValueIndexCache()

    public init() {}

    /// How many indexes were built (a test checks that Tab presses reuse them).
    public var builds: Int { buildCount.load(ordering: .relaxed) }

    /// The index of `table`'s column `column`, built now when there is none for this storage.
    func index(table: String, column: String, codes: [Int32], validity: Bitmap?, dictionary: StringDictionary)
        -> ValueIndex
    {
        let key = table + "\u{0}" + column
        if let entry = entries.withLock({ $0[key] }), entry.index.dictionary === dictionary,
            ValueIndexCache.sameStorage(entry.codes, codes)
        {
            return entry.index
        }
        let index = ValueIndex(codes: codes, validity: validity, dictionary: dictionary)
        buildCount.add(1, ordering: .relaxed)
        entries.withLock { $0[key] = Entry(codes: codes, index: index) }
        return index
    }

    /// Lets go of the indexes of `table`'s columns (and the codes they keep alive), for `.drop`.
    public func forget(table: String) {
        let prefix = table + "\u{0}"
        entries.withLock { entries in entries = entries.filter { !$0.key.hasPrefix(prefix) } }
    }

    /// True when two arrays share one storage (the same buffer, as copies of an array do).
    static func sameStorage(_ a: [Int32], _ b: [Int32]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}

import Glibc
import QuarryBase
import QuarryEngine

/// The typed arrays of a whole file's columns, which the parts of the second pass fill in place:
/// each part writes its own rows, so no part's columns are copied end to end afterwards.
struct CSVColumnArrays {
    let types: [DataType]
    let rows: Int
    var ints: [[Int64]]
    var floats: [[Double]]
    var bools: [[Bool]]
    var dates: [[Int32]]
    var timestamps: [[Int64]]
    var codes: [[Int32]]
    /// Validity words; parts start on multiples of 64 rows, so no word is written by two parts.
    var validity: [[UInt64]]

    /// Arrays of `rows` elements for each column's type, not yet filled: each part clears its own
    /// rows first (`Pointers.clear`), on the thread that will write them.
    init(types: [DataType], rows: Int) {
        self.types = types
        self.rows = rows
        func arrays<T>(_ type: DataType) -> [[T]] {
            types.map { $0 == type ? [T](unsafeUninitializedCapacity: rows) { $1 = rows } : [] }
        }
        ints = arrays(.int)
        floats = arrays(.float)
        bools = arrays(.bool)
        dates = arrays(.date)
        timestamps = arrays(.timestamp)
        codes = types.map { $0 == .string || $0 == .null ? [Int32](unsafeUninitializedCapacity: rows) { $1 = rows } : [] }
        let words = (rows + 63) >> 6
        validity = types.map { _ in [UInt64](unsafeUninitializedCapacity: words) { $1 = words } }
    }

    /// Where each column's values live while the arrays are being filled; nil for the types a
    /// column does not have.
    struct Pointers: @unchecked Sendable {
        var ints: [UnsafeMutablePointer<Int64>?] = []
        var floats: [UnsafeMutablePointer<Double>?] = []
        var bools: [UnsafeMutablePointer<Bool>?] = []
        var dates: [UnsafeMutablePointer<Int32>?] = []
        var timestamps: [UnsafeMutablePointer<Int64>?] = []
        var codes: [UnsafeMutablePointer<Int32>?] = []
        var validity: [UnsafeMutablePointer<UInt64>?] = []

        /// Zeroes rows `range` of every column (values and validity): rows a file leaves short
        /// stay null with a zero value.
        func clear(_ range: Range<Int>) {
            func zero<T>(_ pointers: [UnsafeMutablePointer<T>?]) {
                for case let p? in pointers { memset(p + range.lowerBound, 0, range.count * MemoryLayout<T>.stride) }
            }
            zero(ints)
            zero(floats)
            zero(bools)
            zero(dates)
            zero(timestamps)
            zero(codes)
            // A range that starts inside a word shares it with the rows before, which cleared it
            // and may have set bits in it already (ranges are cleared in row order, or start on
            // a multiple of 64).
            let words = ((range.lowerBound + 63) >> 6)..<((range.upperBound + 63) >> 6)
            for case let p? in validity { memset(p + words.lowerBound, 0, words.count * 8) }
        }
    }

    /// Up to this many columns, `withPointers` opens the arrays nested, one stack frame per
    /// array; above it, it stages them in buffers of their own, so a file of a million columns
    /// needs no deep stack.
    static let maximumNestedColumns = 64

    /// Calls `body` with pointers into every array, all valid for the whole call.
    mutating func withPointers(_ body: (Pointers) -> Void) {
        if types.count > Self.maximumNestedColumns { return withStagedPointers(body) }
        // Each array list is moved into a local while open, so no two accesses overlap.
        var (i, f, b, d, t, c, v) = ([[Int64]](), [[Double]](), [[Bool]](), [[Int32]](), [[Int64]](), [[Int32]](), [[UInt64]]())
        func exchange() {
            swap(&i, &ints)
            swap(&f, &floats)
            swap(&b, &bools)
            swap(&d, &dates)
            swap(&t, &timestamps)
            swap(&c, &codes)
            swap(&v, &validity)
        }
        exchange()
        Self.withBases(&i) { ints in
            Self.withBases(&f) { floats in
                Self.withBases(&b) { bools in
                    Self.withBases(&d) { dates in
                        Self.withBases(&t) { timestamps in
                            Self.withBases(&c) { codes in
                                Self.withBases(&v) { validity in
                                    body(
                                        Pointers(
                                            ints: ints, floats: floats, bools: bools, dates: dates, timestamps: timestamps,
                                            codes: codes, validity: validity))
                                }
                            }
                        }
                    }
                }
            }
        }
        exchange()
    }

    /// `withPointers` for wide files: each array is swapped for a buffer of the same size, which
    /// `body` fills; then each buffer is moved into a new array and freed, one column at a time.
    private mutating func withStagedPointers(_ body: (Pointers) -> Void) {
        let words = (rows + 63) >> 6
        let pointers = Pointers(
            ints: Self.stage(&ints), floats: Self.stage(&floats), bools: Self.stage(&bools), dates: Self.stage(&dates),
            timestamps: Self.stage(&timestamps), codes: Self.stage(&codes), validity: Self.stage(&validity))
        body(pointers)
        Self.unstage(pointers.ints, count: rows, into: &ints)
        Self.unstage(pointers.floats, count: rows, into: &floats)
        Self.unstage(pointers.bools, count: rows, into: &bools)
        Self.unstage(pointers.dates, count: rows, into: &dates)
        Self.unstage(pointers.timestamps, count: rows, into: &timestamps)
        Self.unstage(pointers.codes, count: rows, into: &codes)
        Self.unstage(pointers.validity, count: words, into: &validity)
    }

    /// Frees each array and returns a buffer of its size in its place (nil for an empty one).
    private static func stage<T>(_ arrays: inout [[T]]) -> [UnsafeMutablePointer<T>?] {
        arrays.indices.map { i in
            let count = arrays[i].count
            guard count > 0 else { return nil }
            arrays[i] = []
            return UnsafeMutablePointer<T>.allocate(capacity: count)
        }
    }

    /// Moves each filled buffer of `count` elements back into its array, and frees it.
    private static func unstage<T>(_ buffers: [UnsafeMutablePointer<T>?], count: Int, into arrays: inout [[T]]) {
        for (i, buffer) in buffers.enumerated() {
            guard let buffer else { continue }
            arrays[i] = [T](unsafeUninitializedCapacity: count) { array, initialized in
                array.baseAddress!.moveInitialize(from: buffer, count: count)
                initialized = count
            }
            buffer.deallocate()
        }
    }

    /// Opens each array's storage in turn, nested so that all stay open, and calls `body` with
    /// their base addresses (nil for an empty array).
    private static func withBases<T>(_ arrays: inout [[T]], _ body: ([UnsafeMutablePointer<T>?]) -> Void) {
        var bases: [UnsafeMutablePointer<T>?] = []
        func open(_ index: Int) {
            guard index < arrays.count else { return body(bases) }
            var array: [T] = []
            swap(&array, &arrays[index])
            if array.isEmpty {
                bases.append(nil)
                open(index + 1)
            } else {
                array.withUnsafeMutableBufferPointer { buffer in
                    bases.append(buffer.baseAddress)
                    open(index + 1)
                }
            }
            swap(&array, &arrays[index])
        }
        open(0)
    }

    /// The finished columns, each string column with its dictionary.
    func columns(dictionaries: [StringDictionary?]) -> [Column] {
        types.indices.map { i in
            let storage: Column.Storage
            switch types[i] {
            case .int: storage = .int(ints[i])
            case .float: storage = .float(floats[i])
            case .bool: storage = .bool(bools[i])
            case .date: storage = .date(dates[i])
            case .timestamp: storage = .timestamp(timestamps[i])
            case .string, .null: storage = .string(codes: codes[i], dictionary: dictionaries[i]!)
            }
            return Column(storage, validity: Bitmap(words: validity[i], count: rows))
        }
    }
}

import QuarryBase
import QuarryEngine

/// The first pass over a CSV file: reads every field (not a sample) to decide each column's
/// type, and counts the rows. It keeps nothing but a few flags per column.
struct CSVTypeInference: CSVVisitor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// What every non-empty field of the column could be.
    var candidates: [FieldKinds]
    /// Whether the column has a field that is not empty and not a null word.
    var hasValue: [Bool]
    /// Whether some int candidate was written with a fraction (`93.0`): still int, parsed as such.
    var rows = 0

    let releaser: PageReleaser
    var released = 0

    init(bytes: UnsafeBufferPointer<UInt8>, columns: Int, releaser: PageReleaser = .none) {
        self.bytes = bytes
        self.releaser = releaser
        candidates = Array(repeating: FieldKinds.all, count: columns)
        hasValue = Array(repeating: false, count: columns)
    }

    mutating func field(_ column: Int, _ start: Int, _ end: Int, quoted: Bool, escaped: Bool, line: Int) throws(Diagnostic) {
        guard end > start else { return }
        if Self.highBits(bytes, start, end) != 0, !notUTF8 {
            // Every character past ASCII lies inside a field, so checking these fields checks the file.
            do throws(Diagnostic) {
                try UTF8Check.validate(bytes, start..<end, path: "", releaser: .none)
            } catch {
                notUTF8 = true
            }
        }
        guard candidates[column] != [] || !hasValue[column] else { return }
        let kinds = escaped ? [] : FieldClassifier.classify(bytes, start, end)
        if kinds == .nullWord { return }
        hasValue[column] = true
        candidates[column].formIntersection(kinds)
    }

    mutating func endRow(fields: Int, line: Int) throws(Diagnostic) { rows += 1 }

    /// Whether a field is not UTF-8. The bytes between fields are delimiters, quotes and line
    /// ends, so when no field is, the rows are UTF-8; when one is, the whole file is checked
    /// again to name the first bad byte.
    var notUTF8 = false

    /// The high bit of each byte of `start..<end` (not empty), or-ed into one word by word loads.
    @inline(__always)
    static func highBits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let raw = UnsafeRawPointer(b.baseAddress! + start)
        let count = end - start
        var bits: UInt64 = 0
        if count >= 8 {
            var i = 0
            while i + 8 < count {
                bits |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
            bits |= raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            bits = UInt64(raw.loadUnaligned(as: UInt32.self) | raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        } else {
            for i in 0..<count { bits |= UInt64(raw.load(fromByteOffset: i, as: UInt8.self)) }
        }
        return bits & 0x8080_8080_8080_8080
    }

    /// Where some rows start (every 65,536th, counting from `rowBase`), so the second pass can
    /// split the file. Their rows count from this pass's first.
    var checkpoints: [(offset: Int, line: Int, row: Int)] = []
    /// The row of the file this pass starts at, when it reads one window of a stream.
    var rowBase = 0
    /// The line the pass ended on.
    var endLine = 0

    mutating func beginRow(offset: Int, line: Int) {
        if (rowBase + rows) & 0xFFFF == 0, rows > 0 {
            checkpoints.append((offset, line, rows))
            releaser.release(released, offset)
            released = offset
        }
    }

    /// The inferred type of each column: bool, int, float, date, else string.
    var types: [DataType] { Self.types(candidates, hasValue) }

    /// The type each column's evidence says.
    static func types(_ candidates: [FieldKinds], _ hasValue: [Bool]) -> [DataType] {
        candidates.indices.map { i in
            let c = candidates[i]
            guard hasValue[i] else { return .string }
            if c.contains(.bool) { return .bool }
            if c.contains(.int) { return .int }
            if c.contains(.float) { return .float }
            if c.contains(.date) { return .date }
            if c.contains(.timestamp) { return .timestamp }
            return .string
        }
    }
}

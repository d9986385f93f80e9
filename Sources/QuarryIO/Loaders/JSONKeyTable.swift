import QuarryBase

/// Maps the keys of objects to columns, numbered in the order first seen.
///
/// Objects usually list the same keys in the same order, so the key at each member position is
/// first compared with the one found there last time; only a key that differs is looked up by
/// its bytes, and only a key never seen is made into a `String` (keys that are equal as
/// strings are one column, whatever their bytes).
struct JSONKeyTable {
    private(set) var names: [String] = []
    private var index: [String: Int] = [:]
    /// Whether every column is known beforehand (the second pass): a new key is then a bug.
    private let fixed: Bool
    /// Each distinct key's decoded bytes, coded in the order seen, and the column of each code.
    private var byBytes = ByteDictionaryBuilder()
    private var columnOfCode: [Int] = []
    /// The key last seen at each member position: its column, and its name's bytes when plain.
    private var expected: [(column: Int, offset: Int, count: Int, plain: Bool)] = []
    /// Each column's name as bytes, laid end to end, and where each one's are.
    private var nameBytes: [UInt8] = []
    /// A plain name (not empty, no `"`, `\` or control character) reads as itself in quotes.
    private var nameSpans: [(offset: Int, count: Int, plain: Bool)] = []

    /// A table that finds columns as keys come.
    init() { fixed = false }

    /// A table whose columns are `names` already.
    init(names: [String]) {
        fixed = true
        for name in names { add(name) }
    }

    private mutating func add(_ name: String) {
        if index[name] == nil { index[name] = names.count }
        names.append(name)
        let plain =
            !name.utf8.isEmpty && !name.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        nameSpans.append((nameBytes.count, name.utf8.count, plain))
        nameBytes.append(contentsOf: name.utf8)
    }

    /// The column of the key expected as the `member`th and the offset after its closing quote,
    /// when the key at `start` (just after its opening quote) is it, plainly written.
    @inline(__always)
    func knownKey(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, member: Int) -> (column: Int, end: Int)? {
        guard member < expected.count else { return nil }
        let key = expected[member]
        let end = start + key.count
        guard key.plain, end < bytes.count, bytes[end] == UInt8(ascii: "\""),
            nameBytes.withUnsafeBufferPointer({
                ByteDictionaryBuilder.equal($0.baseAddress! + key.offset, bytes.baseAddress! + start, key.count)
            })
        else { return nil }
        return (key.column, end + 1)
    }

    /// The column of the key at `start..<end` of `bytes`, the `member`th of its object.
    mutating func column(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool, member: Int) -> Int {
        let column = lookUp(bytes, start, end, escaped: escaped)
        let span = nameSpans[column]
        if member < expected.count {
            expected[member] = (column, span.offset, span.count, span.plain)
        } else if member == expected.count {
            expected.append((column, span.offset, span.count, span.plain))
        }
        return column
    }

    private mutating func lookUp(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool) -> Int {
        let decoded = escaped ? Array(JSONParser.decodeString(bytes, start, end).utf8) : []
        let code =
            escaped
            ? decoded.withUnsafeBufferPointer { byBytes.code(for: $0, 0, $0.count) } : byBytes.code(for: bytes, start, end)
        if Int(code) < columnOfCode.count { return columnOfCode[Int(code)] }
        let name =
            escaped
            ? String(decoding: decoded, as: UTF8.self)
            : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        let column: Int
        if let known = index[name] {
            column = known
        } else {
            precondition(!fixed, "the second pass found a key the first did not")
            column = names.count
            add(name)
        }
        columnOfCode.append(column)
        return column
    }
}

import QuarryBase
import QuarryEngine

/// What one key's values say about its column's type, so far. Evidence of consecutive regions
/// merges into the evidence of both.
struct JSONTypeEvidence {
    static let bool: UInt8 = 1
    static let number: UInt8 = 2
    static let string: UInt8 = 4
    static let raw: UInt8 = 8

    /// The kinds of value seen (nulls aside).
    var kinds: UInt8 = 0
    /// Every number reads as a finite double.
    var numbersFit = true
    /// Every number is whole and fits in 64 bits.
    var numbersWhole = true
    /// Every string (none escaped) reads as a date; as a timestamp. A date reads as both.
    var stringsDates = true
    var stringsTimestamps = true

    mutating func merge(_ other: JSONTypeEvidence) {
        kinds |= other.kinds
        numbersFit = numbersFit && other.numbersFit
        numbersWhole = numbersWhole && other.numbersWhole
        stringsDates = stringsDates && other.stringsDates
        stringsTimestamps = stringsTimestamps && other.stringsTimestamps
    }

    /// The column's type: one kind of value throughout, else string (also for no values).
    var type: DataType {
        switch kinds {
        case Self.bool: .bool
        // A number too large for a double (1e400) keeps the column as text, never a silent inf.
        case Self.number: !numbersFit ? .string : numbersWhole ? .int : .float
        case Self.string: stringsDates ? .date : stringsTimestamps ? .timestamp : .string
        default: .string
        }
    }
}

/// What the first pass learned of a region: its keys in the order first seen, each one's type
/// evidence, its rows, and places where a later region could start.
struct JSONRegionSummary {
    var names: [String] = []
    var evidence: [JSONTypeEvidence] = []
    var rows = 0
    /// Record boundaries (where the record `row` starts, rows counted from the region's first).
    var checkpoints: [(offset: Int, row: Int)] = []
    /// Whether the region ended exactly at its end (see `JSONRegion.scan`).
    var endsOnBoundary = true
    /// Whether a string, key or nested value is not UTF-8 (see `JSONInferenceVisitor`).
    var notUTF8 = false

    /// Adds the summary of the region that follows this one.
    mutating func append(_ next: JSONRegionSummary) {
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        for (i, name) in next.names.enumerated() {
            if let known = index[name] {
                evidence[known].merge(next.evidence[i])
            } else {
                index[name] = names.count
                names.append(name)
                evidence.append(next.evidence[i])
            }
        }
        checkpoints += next.checkpoints.map { ($0.offset, $0.row + rows) }
        rows += next.rows
        endsOnBoundary = next.endsOnBoundary
        notUTF8 = notUTF8 || next.notUTF8
    }

    /// Records between checkpoints.
    static let checkpointRows = 4096

    /// The first pass over `region`: infers from every value, checking the JSON as it goes.
    static func infer(
        _ region: JSONRegion, releaser: PageReleaser = .none, checkpointRows: Int = checkpointRows, rowBase: Int = 0
    ) throws(JSONFault) -> JSONRegionSummary {
        var visitor = JSONInferenceVisitor(bytes: region.bytes, releaser: releaser, released: region.start)
        visitor.checkpointRows = checkpointRows
        visitor.rowBase = rowBase
        let boundary = try region.scan(into: &visitor)
        return JSONRegionSummary(
            names: visitor.keys.names, evidence: visitor.evidence, rows: visitor.rows, checkpoints: visitor.checkpoints,
            endsOnBoundary: boundary, notUTF8: visitor.notUTF8)
    }
}

/// The first pass's visitor: gathers each key's evidence and counts the records, and checks
/// that the strings are UTF-8. Outside strings, valid JSON is ASCII (any other byte is a fault,
/// before which the whole file is checked), so the strings, keys and nested values that hold
/// bytes past ASCII are all there is to check.
struct JSONInferenceVisitor: JSONVisitor {
    var notUTF8 = false
    let bytes: UnsafeBufferPointer<UInt8>
    var keys = JSONKeyTable()
    var evidence: [JSONTypeEvidence] = []
    var rows = 0
    var checkpoints: [(offset: Int, row: Int)] = []
    var checkpointRows = JSONRegionSummary.checkpointRows
    /// The file's row this region starts at, when known: checkpoints fall on multiples of
    /// `checkpointRows` counted from the file's first row.
    var rowBase = 0
    let releaser: PageReleaser
    var released: Int

    init(bytes: UnsafeBufferPointer<UInt8>, releaser: PageReleaser, released: Int) {
        self.bytes = bytes
        self.releaser = releaser
        self.released = released
    }

    @inline(__always)
    mutating func knownKey(at start: Int, member: Int) -> (column: Int, end: Int)? {
        keys.knownKey(bytes, at: start, member: member)
    }

    /// Checks `start..<end` when it holds a byte past ASCII (a known key was checked when new).
    @inline(__always)
    mutating func checkUTF8(_ start: Int, _ end: Int) {
        guard end > start, !notUTF8, CSVTypeInference.highBits(bytes, start, end) != 0 else { return }
        do throws(Diagnostic) {
            try UTF8Check.validate(bytes, start..<end, path: "", releaser: .none)
        } catch {
            notUTF8 = true
        }
    }

    mutating func column(key start: Int, _ end: Int, escaped: Bool, member: Int) -> Int {
        checkUTF8(start, end)
        let column = keys.column(bytes, start, end, escaped: escaped, member: member)
        if column == evidence.count { evidence.append(JSONTypeEvidence()) }
        return column
    }

    mutating func string(_ column: Int, _ start: Int, _ end: Int, escaped: Bool) {
        checkUTF8(start, end)
        evidence[column].kinds |= JSONTypeEvidence.string
        guard evidence[column].stringsTimestamps else { return }
        if escaped {
            evidence[column].stringsDates = false
            evidence[column].stringsTimestamps = false
        } else if evidence[column].stringsDates, CSVNumbers.parseDate(bytes, start, end) != nil {
            return
        } else {
            evidence[column].stringsDates = false
            if CSVNumbers.parseTimestamp(bytes, start, end) == nil { evidence[column].stringsTimestamps = false }
        }
    }

    mutating func number(_ column: Int, _ start: Int, _ end: Int, _ shape: JSONNumberShape) {
        evidence[column].kinds |= JSONTypeEvidence.number
        if evidence[column].numbersFit, shape.exponent || shape.digits > 300,
            !FieldClassifier.fitsDouble(bytes, start, end)
        {
            evidence[column].numbersFit = false
        }
        if evidence[column].numbersWhole,
            !shape.integer || (shape.digits > 18 && CSVNumbers.parseInt(bytes, start, end) == nil)
        {
            evidence[column].numbersWhole = false
        }
    }

    mutating func bool(_ column: Int, _ value: Bool, _ start: Int, _ end: Int) {
        evidence[column].kinds |= JSONTypeEvidence.bool
    }

    mutating func raw(_ column: Int, _ start: Int, _ end: Int) {
        checkUTF8(start, end)
        evidence[column].kinds |= JSONTypeEvidence.raw
    }

    mutating func endObject(next: Int?) {
        rows += 1
        guard let next, (rowBase + rows) % checkpointRows == 0 else { return }
        checkpoints.append((next, rows))
        if rows & 0xFFFF == 0 {
            releaser.release(released, next)
            released = next
        }
    }
}

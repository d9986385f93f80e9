import Glibc
import QuarryBase
import QuarryEngine

/// Loads a delimited text file (CSV, or TSV with tabs) into a table of typed columns.
///
/// Two passes over the mapped bytes: the first infers each column's type from every value,
/// the second parses values straight into typed arrays. Either the whole file loads or an
/// error names the file and line; there is never a half-loaded table.
public enum CSVLoader {
    /// Parses delimited text in memory (called by `DataLoader`, which reads and decompresses).
    /// `lineEndsConverted` is true for the copy read in place of a file with old Mac line ends.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, delimiter: UInt8?, options: LoadOptions,
        releaser: PageReleaser = .none,
        lineEndsConverted: Bool = false
    ) throws(Diagnostic) -> DataLoader.Loaded {
        let delimiter = delimiter ?? sniffDelimiter(bytes)
        var scanner = CSVScanner(bytes: bytes, delimiter: delimiter, path: path)
        // Both passes read every byte once.
        scanner.reportsProgress = true
        Progress.expect(total: bytes.count, passes: 2)
        // The first pass checks the fields that hold bytes past ASCII; the whole file is checked
        // only when one is not UTF-8, when the header holds such bytes, or before any error the
        // scan found, so a file that is not UTF-8 says so first, as it always has.
        // (A copy with converted line ends was checked as the file it came from.)
        func checkUTF8() throws(Diagnostic) {
            if !lineEndsConverted { try UTF8Check.validate(bytes, path: path, releaser: releaser) }
        }
        let (header, dataStart, endsInCarriageReturn): ([String], Int, Bool)
        do throws(Diagnostic) {
            (header, dataStart, endsInCarriageReturn) = try scanner.header()
        } catch {
            try checkUTF8()
            throw error
        }
        if endsInCarriageReturn, !lineEndsConverted {
            // Old Mac line ends (a carriage return alone): read a copy with line feeds instead,
            // once (a header line still ending so in the copy reads as it is), after checking
            // this file (so an error counts its lines as before).
            try checkUTF8()
            let copy = scanner.withCarriageReturnsAsLineFeeds()
            return try copy.withUnsafeBufferPointer { buffer throws(Diagnostic) in
                try parse(buffer, path: path, delimiter: delimiter, options: options, lineEndsConverted: true)
            }
        }
        let (names, notes) = uniqueNames(header, path: path)
        let firstLine = 1 + bytes[0..<dataStart].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }

        let inference: CSVTypeInference
        do throws(Diagnostic) {
            inference = try CSVTypeInference.infer(
                scanner, from: dataStart, firstLine: firstLine, columns: names.count, releaser: releaser)
        } catch {
            if error.id != .cancelled { try checkUTF8() }
            throw error
        }
        if inference.notUTF8 || (dataStart > 0 && CSVTypeInference.highBits(bytes, 0, dataStart) != 0) { try checkUTF8() }
        let layout = try options.layout(names: names, inferred: inference.types, path: path)
        let types = layout.types

        try options.memory.check(
            estimatedBytes(rows: inference.rows, types: types, textBytes: bytes.count),
            for: "loading it would make \(ByteSize.count(inference.rows)) rows of \(names.count) columns", file: path)
        var arrays = CSVColumnArrays(types: types, rows: inference.rows)
        var outcome: Result<[Int: StringDictionary], Diagnostic> = .success([:])
        arrays.withPointers { pointers in
            do throws(Diagnostic) {
                let strings = HalfDictionaries(columns: names.count)
                let rows = RowSpan(
                    start: dataStart, end: bytes.count, firstLine: firstLine, firstRow: 0, rows: inference.rows,
                    checkpoints: inference.checkpoints)
                try parseRows(scanner, rows, layout, releaser: releaser, into: pointers, strings: strings)
                outcome = .success(strings.finish(types, pointers))
            } catch {
                outcome = .failure(error)
            }
        }
        let dictionaries = try outcome.get()
        let columns = arrays.columns(dictionaries: types.indices.map { dictionaries[$0] })
        return DataLoader.Loaded(table: Table(names: names, columns: columns, rowCount: inference.rows), notes: notes)
    }

    /// About what the columns of a file will take: each value's width, validity bits, and for
    /// the text columns' dictionaries at most their share of the file's bytes.
    static func estimatedBytes(rows: Int, types: [DataType], textBytes: Int) -> Int {
        let width = types.map(\.valueWidth).reduce(0, +) + (types.count + 7) / 8
        let textColumns = types.filter { $0 == .string || $0 == .null }.count
        let dictionaries = types.isEmpty ? 0 : textBytes / types.count * textColumns
        return rows * width + dictionaries
    }

    /// Header names made unique: a repeated name gets `_2`, `_3` (with a note, for the first
    /// `maximumRenameNotes`, then one saying how many more); a blank one becomes `column_N`.
    static func uniqueNames(_ header: [String], path: String) -> (names: [String], notes: [String]) {
        var used = Set<String>()
        // The next suffix to try for each repeated name, so a header of one name repeated a
        // million times takes linear time.
        var nextSuffix: [String: Int] = [:]
        var notes: [String] = []
        var renamed = 0
        let names = header.enumerated().map { i, raw in
            let base = raw.isEmpty ? "column_\(i + 1)" : raw
            var name = base
            var n = nextSuffix[base] ?? 2
            while used.contains(name) {
                name = "\(base)_\(n)"
                n += 1
            }
            if name != base {
                nextSuffix[base] = n
                if !raw.isEmpty {
                    renamed += 1
                    if renamed <= maximumRenameNotes {
                        notes.append("\(path): the header `\(raw)` appears more than once; column \(i + 1) is named `\(name)`")
                    }
                }
            }
            used.insert(name)
            return name
        }
        if renamed > maximumRenameNotes {
            notes.append("\(path): \(renamed - maximumRenameNotes) more repeated headers were renamed the same way")
        }
        return (names, notes)
    }

    /// How many renamed headers get a note each.
    static let maximumRenameNotes = 10

    /// The table name for a file: its base name without extension, made into a plain name.
    public static func tableName(for path: String) -> String {
        var base = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = base.firstIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        var name = String(
            base.unicodeScalars.map { s -> Character in
                s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" ? Character(s) : "_"
            })
        if let first = name.unicodeScalars.first, ("0"..."9").contains(first) { name = "_" + name }
        return name.isEmpty ? "_" : name
    }

    /// The delimiter of a text table: whichever of `,` tab `;` `|` the header line (outside
    /// quotes, up to a line feed or carriage return) holds most of; a comma when none appears.
    static func sniffDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for b in bytes {
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if b == 0x0A || b == 0x0D { break }
            if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
            counts[best] > 0
        else { return UInt8(ascii: ",") }
        return candidates[best]
    }
}

import QuarryBase
import QuarryEngine

extension CSVLoader {
    /// Rows the first pass counted in `start..<end` of the text: `rows` of them, the first on
    /// `firstLine`, stored from `firstRow` on. Checkpoint rows count from `firstRow`.
    struct RowSpan {
        let start: Int
        let end: Int
        let firstLine: Int
        let firstRow: Int
        let rows: Int
        let checkpoints: [(offset: Int, line: Int, row: Int)]
    }

    /// The string dictionaries of the second pass: one for each half of a span, kept from span
    /// to span, so every value is looked up in its half's dictionary and the two are merged once,
    /// at the end.
    final class HalfDictionaries {
        let halves: [ByteDictionaryBuilders]
        /// The rows whose codes are in the second half's dictionary.
        var secondHalfRows: [Range<Int>] = []

        init(columns: Int) { halves = [ByteDictionaryBuilders(count: columns), ByteDictionaryBuilders(count: columns)] }

        /// Merges the second half's dictionary into the first's, renumbering its rows' codes
        /// (a column per core), and returns each string column's dictionary.
        func finish(_ types: [DataType], _ pointers: CSVColumnArrays.Pointers) -> [Int: StringDictionary] {
            let columns = types.indices.filter { types[$0] == .string || types[$0] == .null }
            let (first, second, rows) = (halves[0], halves[1], secondHalfRows)
            let done = ParallelParts<StringDictionary>(count: columns.count)
            done.run { k in
                let c = columns[k]
                let remap = first.builders[c].absorb(second.builders[c])
                if !remap.isEmpty, let codes = pointers.codes[c] {
                    for range in rows { for row in range { codes[row] = remap[Int(codes[row])] } }
                }
                return first.builders[c].build()
            }
            return Dictionary(uniqueKeysWithValues: zip(columns, done.values))
        }
    }

    /// The second pass over one span: parses its fields straight into the column arrays, in two
    /// halves on both cores when a checkpoint lies near the middle, each half's strings into its
    /// dictionary of `strings`. Spans must come in row order.
    static func parseRows(
        _ scanner: CSVScanner, _ span: RowSpan, _ layout: RowLayout, releaser: PageReleaser,
        into pointers: CSVColumnArrays.Pointers, strings: HalfDictionaries
    ) throws(Diagnostic) {
        var parts: [(start: Int, end: Int, line: Int, firstRow: Int, rows: Int)] = [
            (span.start, span.end, span.firstLine, span.firstRow, span.rows)
        ]
        let half = span.rows / 2
        // Halves meet on a multiple of 64 rows, so they never share a validity word.
        let aligned = span.checkpoints.filter { (span.firstRow + $0.row) & 63 == 0 }
        if let middle = aligned.min(by: { abs($0.row - half) < abs($1.row - half) }) {
            let row = span.firstRow + middle.row
            parts = [
                (span.start, middle.offset, span.firstLine, span.firstRow, middle.row),
                (middle.offset, span.end, middle.line, row, span.rows - middle.row),
            ]
            strings.secondHalfRows.append(row..<row + span.rows - middle.row)
        }
        let results = ParallelParts<Diagnostic?>(count: parts.count)
        let shared = SharedBytes(bytes: scanner.bytes)
        results.run { i in
            let part = parts[i]
            let rows = part.firstRow..<part.firstRow + part.rows
            pointers.clear(rows)
            var builder = CSVColumnBuilder(
                bytes: shared.bytes, types: layout.types, names: layout.names, strict: layout.strict, path: layout.path,
                out: pointers, rows: rows, strings: strings.halves[i])
            builder.releaser = releaser
            builder.released = part.start
            do throws(Diagnostic) {
                try scanner.scan(
                    from: part.start, to: part.end, firstLine: part.line, maxFields: layout.names.count, into: &builder)
                builder.finish()
                return nil
            } catch {
                return error
            }
        }
        if let error = results.values.compactMap({ $0 }).first { throw error }
    }
}

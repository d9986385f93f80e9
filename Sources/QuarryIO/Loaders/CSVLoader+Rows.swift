import QuarryBase
import QuarryEngine

extension CSVLoader {
    /// What the second pass knows of the columns: their names, types, and which types were
    /// given rather than inferred (their values must be checked).
    struct RowLayout {
        let names: [String]
        let types: [DataType]
        let strict: [Bool]
        let path: String
    }

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

    /// The second pass over one span: parses its fields straight into the column arrays, in two
    /// halves on both cores when a checkpoint lies near the middle. Each half has its own string
    /// dictionaries; they are merged into `strings` (the first span's become it) and the codes
    /// of the rows renumbered to match. Spans must come in row order.
    static func parseRows(
        _ scanner: CSVScanner, _ span: RowSpan, _ layout: RowLayout, releaser: PageReleaser,
        into pointers: CSVColumnArrays.Pointers, strings: inout ByteDictionaryBuilders?
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
        }
        let results = ParallelParts<Result<ByteDictionaryBuilders, Diagnostic>>(count: parts.count)
        let shared = SharedBytes(bytes: scanner.bytes)
        results.run { i in
            let part = parts[i]
            let rows = part.firstRow..<part.firstRow + part.rows
            pointers.clear(rows)
            var builder = CSVColumnBuilder(
                bytes: shared.bytes, types: layout.types, names: layout.names, strict: layout.strict, path: layout.path,
                out: pointers, rows: rows)
            builder.releaser = releaser
            builder.released = part.start
            do throws(Diagnostic) {
                try scanner.scan(
                    from: part.start, to: part.end, firstLine: part.line, maxFields: layout.names.count, into: &builder)
                builder.finish()
                return .success(builder.strings)
            } catch {
                return .failure(error)
            }
        }
        var dictionaries: [ByteDictionaryBuilders] = []
        for result in results.values {
            switch result {
            case .success(let strings): dictionaries.append(strings)
            case .failure(let error): throw error
            }
        }
        for (part, dictionary) in zip(parts, dictionaries) {
            guard let merged = strings else {
                strings = dictionary
                continue
            }
            // A later part's string codes are renumbered into the first part's dictionary.
            for c in layout.types.indices where layout.types[c] == .string || layout.types[c] == .null {
                let remap = merged.builders[c].absorb(dictionary.builders[c])
                guard !remap.isEmpty, let codes = pointers.codes[c] else { continue }
                for row in part.firstRow..<part.firstRow + part.rows { codes[row] = remap[Int(codes[row])] }
            }
        }
    }
}

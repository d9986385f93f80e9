import QuarryBase
import QuarryEngine

/// Loads JSON (an array of objects) or NDJSON / JSON Lines (one object per line) into a table.
///
/// Keys become columns in the order first seen; a missing key is null, and so is JSON null.
/// Numbers become int (when every value is whole) or float, and a column holding a number too
/// large for a double stays string; strings become string, or date / timestamp when every value
/// (none escaped) reads as one; true/false become bool; nested objects and arrays are kept as
/// JSON text. A key whose values are of mixed kinds is string, holding the text of the values
/// that are not strings. Types given in `LoadOptions` override inference; a value they do not
/// take is an error naming its line and column.
///
/// Two passes over whole-record regions (`JSONRegion`), like the CSV loader's: the first checks
/// the JSON and infers each key's type from every value, the second parses values straight into
/// typed arrays. A big file's passes run on both cores, on halves split at a record boundary.
enum JSONLoader {
    /// Files smaller than this are read on one core: splitting costs more than it saves.
    static let parallelBytes = 1 << 20

    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, lines: Bool, options: LoadOptions,
        releaser: PageReleaser = .none, minimumParallelBytes: Int = parallelBytes,
        checkpointRows: Int = JSONRegionSummary.checkpointRows
    ) throws(Diagnostic) -> Table {
        func diagnostic(_ fault: JSONFault, _ names: [String] = [], _ types: [DataType] = []) -> Diagnostic {
            JSONRegion.diagnostic(fault, bytes: bytes, path: path, names: names, types: types)
        }
        // The first pass checks the strings that hold bytes past ASCII; the whole file is
        // checked only when one is not UTF-8, or before a fault of the first pass, so a file
        // that is not UTF-8 says so first.
        func failing(_ fault: JSONFault) throws(Diagnostic) -> Never {
            if case .cancelled = fault { throw Diagnostic.cancelled() }
            try UTF8Check.validate(bytes, path: path, releaser: releaser)
            throw diagnostic(fault)
        }
        var start = 0
        if !lines {
            var parser = JSONParser(bytes: bytes, position: 0)
            do throws(JSONFault) {
                try parser.expect(UInt8(ascii: "["), "`[` to start an array of objects")
                parser.skipSpace()
                if parser.peek == UInt8(ascii: "]") {
                    parser.position += 1
                    try JSONRegion.expectEnd(&parser)
                    return Table(names: [], columns: [], rowCount: 0)
                }
            } catch {
                try failing(error)
            }
            start = parser.position
        }
        let layout: JSONRegion.Layout = lines ? .lines : .array
        let summary: JSONRegionSummary
        do throws(JSONFault) {
            summary = try infer(
                bytes, layout: layout, from: start, releaser: releaser, minimumBytes: minimumParallelBytes,
                checkpointRows: checkpointRows)
        } catch {
            try failing(error)
        }
        if summary.notUTF8 { try UTF8Check.validate(bytes, path: path, releaser: releaser) }
        let names = summary.names
        let layoutOfRows = try options.layout(names: names, inferred: summary.evidence.map(\.type), path: path)
        let types = layoutOfRows.types
        try options.memory.check(
            CSVLoader.estimatedBytes(rows: summary.rows, types: types, textBytes: bytes.count / 2),
            for: "loading it would make \(ByteSize.count(summary.rows)) rows of \(names.count) columns", file: path)

        var arrays = CSVColumnArrays(types: types, rows: summary.rows)
        var failure: (column: Int, diagnostic: Diagnostic)?
        var strings: ByteDictionaryBuilders?
        arrays.withPointers { pointers in
            let span = JSONRegion.RowSpan(
                start: start, end: bytes.count, firstRow: 0, rows: summary.rows, checkpoints: summary.checkpoints)
            failure = buildRows(
                bytes, layout: layout, span, layoutOfRows, releaser: releaser, minimumParallelBytes: minimumParallelBytes,
                into: pointers, strings: &strings)
        }
        if let failure { throw failure.diagnostic }
        let columns = arrays.columns(
            dictionaries: types.indices.map {
                types[$0] == .string || types[$0] == .null
                    ? (strings?.builders[$0].build() ?? ByteDictionaryBuilder().build()) : nil
            })
        return Table(names: names, columns: columns, rowCount: summary.rows)
    }

    /// The second pass over one span of records, in two parts on both cores when a checkpoint
    /// lies near its middle (parts meet on a multiple of 64 rows, so they never share a validity
    /// word). The parts' dictionaries are merged into `strings` (the first becomes it) and their
    /// codes renumbered. Returns the error to report, if a value does not fit: the lowest
    /// column's, then the earliest.
    static func buildRows(
        _ bytes: UnsafeBufferPointer<UInt8>, layout: JSONRegion.Layout, _ span: JSONRegion.RowSpan,
        _ columns: RowLayout, origin: JSONRegion.Origin = JSONRegion.Origin(), releaser: PageReleaser,
        minimumParallelBytes: Int = parallelBytes, into pointers: CSVColumnArrays.Pointers,
        strings: inout ByteDictionaryBuilders?
    ) -> (column: Int, diagnostic: Diagnostic)? {
        var parts: [(start: Int, end: Int, firstRow: Int, rows: Int)] = [(span.start, span.end, span.firstRow, span.rows)]
        if span.end - span.start >= minimumParallelBytes,
            let middle = span.checkpoints.filter({ (span.firstRow + $0.row) & 63 == 0 }).min(by: {
                abs($0.row - span.rows / 2) < abs($1.row - span.rows / 2)
            })
        {
            parts = [
                (span.start, middle.offset, span.firstRow, middle.row),
                (middle.offset, span.end, span.firstRow + middle.row, span.rows - middle.row),
            ]
        }
        let results = ParallelParts<Result<ByteDictionaryBuilders, JSONFault>>(count: parts.count)
        let shared = SharedBytes(bytes: bytes)
        results.run { i in
            let part = parts[i]
            let region = JSONRegion(bytes: shared.bytes, layout: layout, start: part.start, end: part.end)
            return JSONRegionBuilder.build(
                region, names: columns.names, types: columns.types, strict: columns.strict, out: pointers,
                rows: part.firstRow..<part.firstRow + part.rows, releaser: releaser)
        }
        var failure: (column: Int, diagnostic: Diagnostic)?
        for (part, result) in zip(parts, results.values) {
            switch result {
            case .success(let dictionary):
                guard let merged = strings else {
                    strings = dictionary
                    continue
                }
                // A later part's string codes are renumbered into the first part's dictionary.
                for c in columns.types.indices where columns.types[c] == .string || columns.types[c] == .null {
                    let remap = merged.builders[c].absorb(dictionary.builders[c])
                    guard !remap.isEmpty, let codes = pointers.codes[c] else { continue }
                    for row in part.firstRow..<part.firstRow + part.rows { codes[row] = remap[Int(codes[row])] }
                }
            case .failure(let fault):
                var column = -1
                if case .valueDoesNotFit(let c, _, _) = fault { column = c }
                let diagnostic = JSONRegion.diagnostic(
                    fault, bytes: bytes, origin: origin, path: columns.path, names: columns.names, types: columns.types)
                if failure == nil || column < failure!.column { failure = (column, diagnostic) }
            }
        }
        return failure
    }

    /// The first pass over the records from `start`, on both cores when there are many bytes.
    ///
    /// The halves meet at a guessed record boundary (`splitPoint`). The first half, read by
    /// the real rules from a known start, proves the guess when it ends exactly there; then an
    /// error in the second half is the file's first error. Otherwise the pass runs again on one
    /// core, so a strange file is never read from a wrong place.
    static func infer(
        _ bytes: UnsafeBufferPointer<UInt8>, layout: JSONRegion.Layout, from start: Int, releaser: PageReleaser,
        minimumBytes: Int, checkpointRows: Int, rowBase: Int = 0
    ) throws(JSONFault) -> JSONRegionSummary {
        func serial() throws(JSONFault) -> JSONRegionSummary {
            try JSONRegionSummary.infer(
                JSONRegion(bytes: bytes, layout: layout, start: start, end: bytes.count), releaser: releaser,
                checkpointRows: checkpointRows, rowBase: rowBase)
        }
        guard bytes.count - start >= minimumBytes, let split = splitPoint(bytes, layout: layout, from: start) else {
            return try serial()
        }
        let bounds = [(start, split), (split, bytes.count)]
        let results = ParallelParts<Result<JSONRegionSummary, JSONFault>>(count: 2)
        let shared = SharedBytes(bytes: bytes)
        results.run { i in
            let region = JSONRegion(bytes: shared.bytes, layout: layout, start: bounds[i].0, end: bounds[i].1)
            do throws(JSONFault) {
                // The second half's first row is not known yet; its checkpoints fall where they may.
                return .success(
                    try JSONRegionSummary.infer(
                        region, releaser: releaser, checkpointRows: checkpointRows, rowBase: i == 0 ? rowBase : 0))
            } catch {
                return .failure(error)
            }
        }
        var merged: JSONRegionSummary
        switch results.values[0] {
        case .success(let summary): merged = summary
        case .failure(let fault): throw fault
        }
        guard merged.endsOnBoundary else { return try serial() }
        switch results.values[1] {
        case .success(let summary):
            merged.checkpoints.append((split, merged.rows))
            merged.append(summary)
            return merged
        case .failure(let fault): throw fault
        }
    }

    /// A guess at a record boundary near the middle of the records from `start`: just after a
    /// line feed (NDJSON), or just after a `,` that ends a line, when the next line starts an
    /// object (an array). Nil when none is found close to the middle.
    static func splitPoint(_ bytes: UnsafeBufferPointer<UInt8>, layout: JSONRegion.Layout, from start: Int) -> Int? {
        let count = bytes.count
        var p = start + (count - start) / 2
        let limit = min(count, p + (1 << 20))
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }
        while p < limit {
            guard bytes[p] == 0x0A else {
                p += 1
                continue
            }
            p += 1
            if layout == .lines { return p < count ? p : nil }
            var before = p - 1
            while before > start, isSpace(bytes[before]) { before -= 1 }
            var after = p
            while after < count, isSpace(bytes[after]) { after += 1 }
            if bytes[before] == UInt8(ascii: ","), after < count, bytes[after] == UInt8(ascii: "{") { return before + 1 }
        }
        return nil
    }

    /// The first byte after an optional byte-order mark and white space (0 when there is none):
    /// `[` starts a JSON array, `{` a line of NDJSON.
    static func firstCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var i = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count ? bytes[i] : 0
    }
}

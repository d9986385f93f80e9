import QuarryBase
import QuarryEngine

/// Loads delimited text from a compressed file without ever holding its text whole: both passes
/// of `CSVLoader` read the stream again, a window at a time. The first pass cuts each window
/// after its last line feed, infers types over it and notes where it ends; the second pass
/// decompresses the same windows again and parses them into the column arrays. So memory is
/// the table plus one window, whatever the file's size; messages are those of the in-memory
/// loader, with the file's lines counted across windows.
enum CSVStreamLoader {
    /// The registry's entry for delimited text with `delimiter` (sniffed when nil).
    static func streamLoad(delimiter: UInt8?) -> FileFormat.StreamLoad {
        { window, open, codec, path, options throws(Diagnostic) in
            try load(first: window, reopen: open, codec: codec, path: path, delimiter: delimiter, options: options)
        }
    }

    /// Loads the text `open` reads, `first` holding its first window already. Nil when the file
    /// is one the in-memory loader must read (old Mac line ends).
    static func load(
        first window: TextWindow, reopen open: () -> any TextStream, codec: String, path: String, delimiter: UInt8?,
        options: LoadOptions
    ) throws(Diagnostic) -> DataLoader.Loaded? {
        func failing(_ error: Diagnostic) throws(Diagnostic) -> Never {
            // A file that is not UTF-8 says so before any other error, as in memory.
            if error.id == .cancelled { throw error }
            try UTF8Check.validate(open(), path: path, memory: options.memory)
            throw error
        }
        // The header line, which may take more than one window.
        let given = delimiter
        var delimiter = UInt8(ascii: ",")
        var header: (names: [String], dataStart: Int, endsInCarriageReturn: Bool)
        while true {
            delimiter = given ?? CSVLoader.sniffDelimiter(window.bytes)
            do throws(Diagnostic) {
                header = try CSVScanner(bytes: window.bytes, delimiter: delimiter, path: path).header()
            } catch {
                if error.id == .unterminatedQuote, !window.atEnd {
                    try window.grow()
                    continue
                }
                try failing(error)
            }
            // The header may go on past the window.
            if header.dataStart >= window.count, !window.atEnd {
                try window.grow()
                continue
            }
            break
        }
        if header.endsInCarriageReturn { return nil }
        if header.dataStart > 0, CSVTypeInference.highBits(window.bytes, 0, header.dataStart) != 0 {
            // Every other byte past ASCII is inside a field, which the first pass checks.
            do throws(Diagnostic) {
                try UTF8Check.validate(window.bytes, 0..<header.dataStart, path: path, releaser: .none)
            } catch {
                try failing(error)
            }
        }
        let (names, notes) = CSVLoader.uniqueNames(header.names, path: path)
        let dataStart = header.dataStart
        let firstLine = 1 + TextWindow.lineFeeds(in: UnsafeBufferPointer(rebasing: window.bytes[0..<dataStart]))
        window.drop(dataStart)

        // The first pass: a window at a time, each cut after its last line feed.
        var spans: [CSVLoader.RowSpan] = []
        var candidates = [FieldKinds](repeating: .all, count: names.count)
        var hasValue = [Bool](repeating: false, count: names.count)
        var notUTF8 = false
        var (line, rows, textBytes) = (firstLine, 0, dataStart)
        while let cut = try window.nextLines() {
            let region = UnsafeBufferPointer(rebasing: window.bytes[0..<cut])
            let inference: CSVTypeInference
            do throws(Diagnostic) {
                inference = try CSVTypeInference.infer(
                    CSVScanner(bytes: region, delimiter: delimiter, path: path), from: 0, firstLine: line,
                    columns: names.count, rowBase: rows)
            } catch {
                // A quoted field that goes on past the cut: the window must hold more.
                if error.id == .unterminatedQuote, !window.atEnd {
                    try window.grow()
                    continue
                }
                try failing(error)
            }
            for c in names.indices {
                candidates[c].formIntersection(inference.candidates[c])
                hasValue[c] = hasValue[c] || inference.hasValue[c]
            }
            notUTF8 = notUTF8 || inference.notUTF8
            spans.append(
                CSVLoader.RowSpan(
                    start: 0, end: cut, firstLine: line, firstRow: rows, rows: inference.rows,
                    checkpoints: inference.checkpoints))
            line = inference.endLine
            rows += inference.rows
            textBytes += cut
            try window.advance(past: cut)
            // A file that inflates past memory (a gzip bomb) stops here, not at its end.
            try options.memory.check(
                CSVLoader.estimatedBytes(rows: rows, types: CSVTypeInference.types(candidates, hasValue), textBytes: textBytes),
                for: "decompressing it (\(codec)) has made \(ByteSize.format(textBytes)) of text so far, for a table of",
                file: path)
        }
        if notUTF8 { try UTF8Check.validate(open(), path: path, memory: options.memory) }

        let layout = try options.layout(names: names, inferred: CSVTypeInference.types(candidates, hasValue), path: path)
        let types = layout.types
        try options.memory.check(
            CSVLoader.estimatedBytes(rows: rows, types: types, textBytes: textBytes),
            for: "loading it would make \(ByteSize.count(rows)) rows of \(names.count) columns", file: path)

        // The second pass: the same windows again, parsed into the column arrays.
        let capacity = window.capacity
        window.close()
        // The second pass reads the text the first one counted.
        Progress.expect(total: textBytes)
        let again = try TextWindow(open(), capacity: capacity, memory: options.memory, path: path)
        guard try again.hold(dataStart) else { throw Diagnostic.unreadableFile(path, reason: "it changed while loading") }
        again.drop(dataStart)
        var arrays = CSVColumnArrays(types: types, rows: rows)
        var outcome: Result<[Int: StringDictionary], Diagnostic> = .success([:])
        arrays.withPointers { pointers in
            do throws(Diagnostic) {
                let strings = CSVLoader.HalfDictionaries(columns: names.count)
                for span in spans {
                    guard try again.hold(span.end) else {
                        throw Diagnostic.unreadableFile(path, reason: "it changed while loading")
                    }
                    let region = UnsafeBufferPointer(rebasing: again.bytes[0..<span.end])
                    let scanner = CSVScanner(bytes: region, delimiter: delimiter, path: path)
                    try CSVLoader.parseRows(scanner, span, layout, releaser: .none, into: pointers, strings: strings)
                    again.drop(span.end)
                }
                outcome = .success(strings.finish(types, pointers))
            } catch {
                outcome = .failure(error)
            }
        }
        let dictionaries = try outcome.get()
        let columns = arrays.columns(dictionaries: types.indices.map { dictionaries[$0] })
        return DataLoader.Loaded(table: Table(names: names, columns: columns, rowCount: rows), notes: notes)
    }
}

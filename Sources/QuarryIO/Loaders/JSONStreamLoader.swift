import QuarryBase
import QuarryEngine

/// Loads NDJSON from a compressed file a window at a time, as `CSVStreamLoader` does delimited
/// text: the first pass cuts each window after its last line feed and infers over it, the second
/// decompresses the same windows again and builds them into the column arrays. A record that
/// goes on past a line feed (an object written over several lines), or a JSON array, is left to
/// the in-memory loader.
enum JSONStreamLoader {
    static func load(
        first window: TextWindow, reopen open: () -> any TextStream, codec: String, path: String, options: LoadOptions
    ) throws(Diagnostic) -> DataLoader.Loaded? {
        var summary = JSONRegionSummary()
        var spans: [(span: JSONRegion.RowSpan, origin: JSONRegion.Origin)] = []
        var origin = JSONRegion.Origin()
        var textBytes = 0
        while let cut = try window.nextLines() {
            let region = UnsafeBufferPointer(rebasing: window.bytes[0..<cut])
            let part: JSONRegionSummary
            do throws(JSONFault) {
                part = try JSONLoader.infer(
                    region, layout: .lines, from: 0, releaser: .none, minimumBytes: JSONLoader.parallelBytes,
                    checkpointRows: JSONRegionSummary.checkpointRows, rowBase: summary.rows)
            } catch {
                // A fault where the window was cut may be a record going on past it, or the
                // file's error; the in-memory loader tells which, with its usual message.
                if case .syntax(let offset, _) = error, offset >= cut, !window.atEnd { return nil }
                if case .cancelled = error { throw Diagnostic.cancelled() }
                try UTF8Check.validate(open(), path: path, memory: options.memory)
                throw JSONRegion.diagnostic(error, bytes: region, origin: origin, path: path)
            }
            spans.append(
                (
                    JSONRegion.RowSpan(
                        start: 0, end: cut, firstRow: summary.rows, rows: part.rows, checkpoints: part.checkpoints),
                    origin
                ))
            summary.append(part)
            origin.line += TextWindow.lineFeeds(in: region)
            textBytes += cut
            try window.advance(past: cut)
            try options.memory.check(
                CSVLoader.estimatedBytes(rows: summary.rows, types: summary.evidence.map(\.type), textBytes: textBytes / 2),
                for: "decompressing it (\(codec)) has made \(ByteSize.format(textBytes)) of text so far, for a table of",
                file: path)
        }
        if summary.notUTF8 { try UTF8Check.validate(open(), path: path, memory: options.memory) }
        let names = summary.names
        let columns = try options.layout(names: names, inferred: summary.evidence.map(\.type), path: path)
        let types = columns.types
        try options.memory.check(
            CSVLoader.estimatedBytes(rows: summary.rows, types: types, textBytes: textBytes / 2),
            for: "loading it would make \(ByteSize.count(summary.rows)) rows of \(names.count) columns", file: path)

        let capacity = window.capacity
        window.close()
        // The second pass reads the text the first one counted.
        Progress.expect(total: textBytes)
        let again = try TextWindow(open(), capacity: capacity, memory: options.memory, path: path)
        var arrays = CSVColumnArrays(types: types, rows: summary.rows)
        var strings: ByteDictionaryBuilders?
        var failure: (column: Int, diagnostic: Diagnostic)?
        var changed = false
        arrays.withPointers { pointers in
            do throws(Diagnostic) {
                for (span, origin) in spans {
                    guard try again.hold(span.end) else {
                        changed = true
                        return
                    }
                    let region = UnsafeBufferPointer(rebasing: again.bytes[0..<span.end])
                    // Every window is built, so the error reported is the lowest column's, as in memory.
                    if let found = JSONLoader.buildRows(
                        region, layout: .lines, span, columns, origin: origin, releaser: .none, into: pointers,
                        strings: &strings), failure == nil || found.column < failure!.column
                    {
                        failure = found
                    }
                    again.drop(span.end)
                }
            } catch {
                failure = (-1, error)
            }
        }
        if changed { throw Diagnostic.unreadableFile(path, reason: "it changed while loading") }
        if let failure { throw failure.diagnostic }
        let built = arrays.columns(
            dictionaries: types.indices.map {
                types[$0] == .string || types[$0] == .null
                    ? (strings?.builders[$0].build() ?? ByteDictionaryBuilder().build()) : nil
            })
        return DataLoader.Loaded(table: Table(names: names, columns: built, rowCount: summary.rows), notes: [])
    }
}

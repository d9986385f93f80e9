import QuarryBase
import QuarryEngine

extension CSVTypeInference {
    /// Files smaller than this are read on one core: splitting costs more than it saves.
    static let parallelBytes = 1 << 20

    /// The first pass over the rows from `start`, on both cores when the file is big.
    ///
    /// The rows are split at a line end near the middle that is outside quotes, judging by the
    /// number of `"` before it. A stray quote inside an unquoted field could make that judgement
    /// wrong; then the first half, scanned by the real rules, ends inside a quoted field and
    /// fails, and the whole pass runs again on one core. So a first half that succeeds proves
    /// the split was a row boundary, and an error in the second half is the file's first error.
    static func infer(
        _ scanner: CSVScanner, from start: Int, firstLine: Int, columns: Int, releaser: PageReleaser = .none,
        minimumBytes: Int = parallelBytes, rowBase: Int = 0
    ) throws(Diagnostic) -> CSVTypeInference {
        let bytes = scanner.bytes
        func serial() throws(Diagnostic) -> CSVTypeInference {
            var inference = CSVTypeInference(bytes: bytes, columns: columns, releaser: releaser)
            inference.rowBase = rowBase
            inference.endLine = try scanner.scan(from: start, firstLine: firstLine, maxFields: columns, into: &inference)
            return inference
        }
        guard bytes.count - start >= minimumBytes, let split = splitPoint(bytes, from: start, firstLine: firstLine) else {
            return try serial()
        }
        let parts = [(start, split.offset, firstLine), (split.offset, bytes.count, split.line)]
        let results = ParallelParts<Result<CSVTypeInference, Diagnostic>>(count: 2)
        results.run { i in
            var inference = CSVTypeInference(bytes: bytes, columns: columns, releaser: releaser)
            inference.released = parts[i].0
            // The second half's first row is not known yet; its checkpoints fall where they may.
            if i == 0 { inference.rowBase = rowBase }
            do throws(Diagnostic) {
                inference.endLine = try scanner.scan(
                    from: parts[i].0, to: parts[i].1, firstLine: parts[i].2, maxFields: columns, into: &inference)
                return .success(inference)
            } catch {
                return .failure(error)
            }
        }
        guard case .success(var merged) = results.values[0] else { return try serial() }
        let second: CSVTypeInference
        switch results.values[1] {
        case .success(let inference): second = inference
        case .failure(let error): throw error
        }
        merged.checkpoints.append((split.offset, split.line, merged.rows))
        merged.checkpoints += second.checkpoints.map { ($0.offset, $0.line, $0.row + merged.rows) }
        for c in 0..<columns {
            merged.candidates[c].formIntersection(second.candidates[c])
            merged.hasValue[c] = merged.hasValue[c] || second.hasValue[c]
        }
        merged.rows += second.rows
        merged.endLine = second.endLine
        merged.notUTF8 = merged.notUTF8 || second.notUTF8
        return merged
    }

    /// The offset just after a line end near the middle of the rows that seems outside quotes,
    /// and its line number; nil when there is none.
    static func splitPoint(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, firstLine: Int) -> (
        offset: Int, line: Int
    )? {
        let middle = start + (bytes.count - start) / 2
        var (quotes, newlines) = countQuotesAndNewlines(bytes, start..<middle)
        var p = middle
        while p < bytes.count {
            let b = bytes[p]
            p += 1
            if b == UInt8(ascii: "\"") {
                quotes += 1
            } else if b == UInt8(ascii: "\n") {
                newlines += 1
                if quotes & 1 == 0 { break }
            }
        }
        return p < bytes.count ? (p, firstLine + newlines) : nil
    }

    /// How many `"` and line feeds lie in `range`, eight bytes at a time on all cores.
    static func countQuotesAndNewlines(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Int, Int) {
        let shared = SharedBytes(bytes: bytes)
        let counts = RowParts.map(range.count) { part -> (Int, Int) in
            let bytes = shared.bytes
            var quotes = 0
            var newlines = 0
            var p = range.lowerBound + part.lowerBound
            let end = range.lowerBound + part.upperBound
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            while p + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                quotes += matchingBytes(word, 0x2222_2222_2222_2222)
                newlines += matchingBytes(word, 0x0A0A_0A0A_0A0A_0A0A)
                p += 8
            }
            while p < end {
                if bytes[p] == UInt8(ascii: "\"") { quotes += 1 } else if bytes[p] == UInt8(ascii: "\n") { newlines += 1 }
                p += 1
            }
            return (quotes, newlines)
        }
        return counts.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
    }

    /// How many of the eight bytes of `word` equal the byte repeated in `pattern` (exact: no
    /// carries between bytes, since the high bit of each byte is handled apart).
    @inline(__always)
    static func matchingBytes(_ word: UInt64, _ pattern: UInt64) -> Int {
        let x = word ^ pattern
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let nonzero = ((x & low7) &+ low7) | x
        return (~nonzero & 0x8080_8080_8080_8080).nonzeroBitCount
    }
}

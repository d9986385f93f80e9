@preconcurrency import Glibc
import QuarryBase
import QuarryIO

extension Session {
    /// Prints a result in the session's format: streamed to standard output, or through `write`;
    /// through the pager when it is taller than the screen. A closed pipe throws `outputClosed`
    /// (shown to no one); another failure, a write error.
    public func output(_ table: Table, style: TableStyle) throws(Diagnostic) {
        if let outputFile { return try output(table, to: outputFile) }
        guard !outputClosed else { throw Diagnostic.outputClosed }
        fflush(stdout)
        if pager.isActive, let height = pager.screenHeight {
            // Every format writes at least a line per row, so more rows than the screen has lines
            // go to the pager uncounted; a shorter result is rendered first, and counted.
            let shownRows = min(table.rowCount, style.maxRows ?? Int.max)
            if shownRows > height, pager.run({ sink throws(WriteFailure) in try format.write(table, style: style, to: &sink) }) {
                return
            }
            let text = format.render(table, style: style)
            let lines = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            if pager.pages(lines: lines), pager.run({ sink throws(WriteFailure) in try sink.write(Array(text.utf8)) }) {
                return
            }
            guard streamsResults else { return write(text) }
            return try writeToStandardOutput { sink throws(WriteFailure) in try sink.write(Array(text.utf8)) }
        }
        guard streamsResults else { return write(format.render(table, style: style)) }
        try writeToStandardOutput { sink throws(WriteFailure) in try format.write(table, style: style, to: &sink) }
    }

    /// Runs `body` on standard output's descriptor, turning a closed pipe into `outputClosed`.
    func writeToStandardOutput(_ body: (inout DescriptorSink) throws(WriteFailure) -> Void) throws(Diagnostic) {
        var sink = DescriptorSink(descriptor: STDOUT_FILENO)
        do throws(WriteFailure) {
            try body(&sink)
        } catch {
            if error.isClosedPipe {
                outputClosed = true
                throw Diagnostic.outputClosed
            }
            if error == .cancelled { throw Diagnostic.cancelled() }
            throw Diagnostic.outputFailed(reason: error.reason, hint: error.hint)
        }
    }
}

/// The file `.output FILE` sends results to, open until `.output off`.
public final class OutputFile {
    public let path: String
    let descriptor: Int32

    /// Creates (or empties) `path` for writing.
    init(path: String) throws(Diagnostic) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Diagnostic.writeFailed(path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        descriptor = fd
    }

    deinit { close(descriptor) }
}

extension Session {
    /// `.output FILE`: results go to FILE from now on; `.output off` (nil) sends them back here.
    public func redirectOutput(to path: String?) throws(Diagnostic) {
        outputFile = nil
        if let path { outputFile = try OutputFile(path: path) }
    }

    /// Writes a result to the `.output` file: every row and column, without colour.
    func output(_ table: Table, to file: OutputFile) throws(Diagnostic) {
        var sink = DescriptorSink(descriptor: file.descriptor)
        do throws(WriteFailure) {
            try format.write(table, style: TableStyle(), to: &sink)
        } catch {
            if error == .cancelled { throw Diagnostic.cancelled() }
            throw Diagnostic.outputFailed(reason: "\(file.path): " + error.reason, hint: error.hint)
        }
    }
}

import CEditLine
import Glibc

/// Line editing on a terminal through libedit: emacs keys, history (Up/Down, Ctrl-R), Tab
/// completion. History is saved after every entry through a `HistoryFile`, which keeps what other
/// prompts wrote meanwhile and never leaves a file half-written.
public final class EditLineReader: LineReader {
    public typealias Completer = (_ line: String, _ cursor: Int) -> CompletionResult

    fileprivate let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    private let historyFile: HistoryFile?
    fileprivate let complete: Completer
    fileprivate var prompt: UnsafeMutablePointer<CChar>

    /// Nil when libedit cannot start (for example when standard input is not a terminal).
    /// `warn` is told, once, when the history file cannot be read or written.
    public init?(historyPath: String?, complete: @escaping Completer, warn: @escaping (String) -> Void = { _ in }) {
        guard let editLine = el_init("quarry", quarry_stdin(), quarry_stdout(), quarry_stderr()) else { return nil }
        guard let history = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        historyFile = historyPath.map { HistoryFile(path: $0, warn: warn) }
        self.complete = complete
        prompt = strdup("quarry> ")
        _ = quarry_history_set_size(history, &event, 2000)
        _ = quarry_history_set_unique(history, &event, 1)
        historyFile?.load(into: history)
        _ = quarry_el_set_editor(editLine, "emacs")
        _ = quarry_el_set_signal(editLine, 1)
        _ = quarry_el_set_history(editLine, history)
        _ = quarry_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = quarry_el_set_prompt(editLine, editLinePrompt)
        _ = quarry_el_add_function(editLine, "quarry-complete", "Complete the word at the cursor", editLineComplete)
        _ = quarry_el_bind(editLine, "^I", "quarry-complete")
        _ = quarry_el_bind(editLine, "^R", "em-inc-search-prev")
        _ = el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(prompt)
    }

    public func readLine(prompt text: String) throws(LineInterrupted) -> String? {
        free(prompt)
        prompt = strdup(text)
        var count: Int32 = 0
        errno = 0
        guard let line = el_gets(editLine, &count), count > 0 else {
            if count < 0 || errno == EINTR { throw LineInterrupted() }
            return nil
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    public func addHistory(_ entry: String) {
        _ = quarry_history_enter(history, &event, entry)
        historyFile?.append(entry)
    }

    /// The word under the cursor is replaced by the single candidate, or by the candidates'
    /// common prefix; when that adds nothing, the candidates are listed.
    fileprivate func completeAtCursor() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let cursorOffset = buffer.distance(to: cursor)
        let lineLength = buffer.distance(to: info.lastchar)
        let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: lineLength), as: UTF8.self)
        let result = complete(line, cursorOffset)
        let start = max(0, min(result.start, cursorOffset))
        let typed = String(decoding: UnsafeRawBufferPointer(start: buffer + start, count: cursorOffset - start), as: UTF8.self)
        let candidates = result.candidates
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        var common = candidates[0].replacement
        for candidate in candidates.dropFirst() {
            while !candidate.replacement.hasPrefix(common) { common.removeLast() }
        }
        // When some matches are left out, their common prefix may be shorter: only list.
        if result.more == 0, candidates.count == 1 || common.count > typed.count {
            replace(typed, with: candidates.count == 1 ? candidates[0].replacement : common)
            return UInt8(CC_REFRESH)
        }
        let width = CandidateListing.terminalWidth(quarry_stdout())
        fputs("\n" + CandidateListing.text(candidates, more: result.more, width: width), quarry_stdout())
        fflush(quarry_stdout())
        return UInt8(CC_REDISPLAY)
    }
}

extension EditLineReader {
    /// Replaces the `typed` text just before the cursor.
    fileprivate func replace(_ typed: String, with replacement: String) {
        guard replacement != typed else { return }
        el_deletestr(editLine, Int32(typed.unicodeScalars.count))
        _ = el_insertstr(editLine, replacement)
    }
}

private func reader(_ editLine: OpaquePointer?) -> EditLineReader? {
    guard let editLine, let raw = quarry_el_client_data(editLine) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(raw).takeUnretainedValue()
}

private func editLinePrompt(_ editLine: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    reader(editLine)?.prompt
}

private func editLineComplete(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    reader(editLine)?.completeAtCursor() ?? UInt8(CC_ERROR)
}

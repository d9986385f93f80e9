import LineEditing
import QuarryIO
import QuarryShell

/// Tab at the prompt: the shell's completer over the session's tables, its candidates measured
/// in terminal columns (an East Asian wide character takes two, a combining mark none) so the
/// line editor can lay them out in columns.
func promptCompletion(session: Session, pending: String, line: String, cursor: Int) -> CompletionResult {
    let result = Completer(catalog: session.catalog).complete(previousLines: pending, line: line, cursor: cursor)
    return CompletionResult(
        start: result.start,
        candidates: result.candidates.map { .init($0.replacement, display: $0.display, width: BoxTable.width($0.display)) },
        more: result.more)
}

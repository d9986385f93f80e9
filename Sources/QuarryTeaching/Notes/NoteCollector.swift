import QuarryBase
import QuarryEngine

/// Notes about likely mistakes, gathered while a query runs and shown after its result. They never
/// change a result; `--quiet` or `.notes off` turns them off. Each kind of note is a rule in a file
/// of its own that watches the query run (`observers`), or reads the query as written.
public final class NoteCollector {
    public private(set) var notes: [String] = []

    public init() {}

    func add(_ note: String) {
        if !notes.contains(note) { notes.append(note) }
    }

    /// The rules that watch a query run, to pass to the engine.
    public lazy var observers: [any ExecutionObserver] = [
        CaseMismatchNote(self), UnmatchedJoinNote(self), SkippedNullsNote(self),
    ]
}

import Synchronization

/// Ctrl-C as long work sees it. The prompt's signal handler calls `request()`; loops over rows
/// and bytes look at `isRequested` every few thousand rows. A loop that can throw throws
/// `cancelled` there; a kernel that cannot stops early, and the stage that called it throws once
/// it returns (`check()`), so a half-done result is never kept.
public enum Cancellation {
    private static let flag = Atomic<Bool>(false)

    /// True once Ctrl-C was pressed, until `reset()`.
    @inline(__always)
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Safe in a signal handler: one lock-free store.
    public static func request() { flag.store(true, ordering: .relaxed) }

    public static func reset() { flag.store(false, ordering: .relaxed) }

    /// Throws `cancelled` when Ctrl-C was pressed.
    @inline(__always)
    public static func check() throws(Diagnostic) {
        if isRequested { throw Diagnostic.cancelled() }
    }

    /// How many rows a loop may go between looks at the flag (a power of two, for a mask).
    public static let rowsBetweenChecks = 4096
}

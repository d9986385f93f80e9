@preconcurrency import Glibc

/// Runs work on a thread with a large stack (1 GiB of address space; only the pages a deep
/// walk touches cost memory), so that recursion over long expressions and pipelines, bounded by
/// `Limits`, never reaches the end of a stack. Work already on such a thread runs in place.
public enum LargeStack {
    /// The stack's size in bytes.
    public static let bytes = 1 << 30

    /// Marks the threads this type started.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// True on a thread started by `run`.
    public static var isCurrent: Bool { pthread_getspecific(key) != nil }

    /// Calls `work` on a thread with a large stack and waits for it; runs it in place when this
    /// already is such a thread, or when no such thread can be started.
    public static func run<T, E: Error>(_ work: () throws(E) -> T) throws(E) -> T {
        if isCurrent { return try work() }
        var outcome: Result<T, E>?
        withoutActuallyEscaping(work) { work in
            let task = Work {
                do throws(E) {
                    outcome = .success(try work())
                } catch {
                    outcome = .failure(error)
                }
            }
            if !start(task) { task.body() }
        }
        switch outcome! {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }

    /// The work and the marker, handed to the new thread.
    private final class Work: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `task` on a new thread with a large stack and joins it; false when none could start.
    private static func start(_ task: Work) -> Bool {
        _ = key
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, bytes) == 0 else { return false }
        let context = Unmanaged.passRetained(task).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, &attributes,
            { context in
                let task = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
                pthread_setspecific(LargeStack.key, UnsafeRawPointer(bitPattern: 1))
                task.body()
                return nil
            }, context)
        guard started == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            return false
        }
        pthread_join(thread, nil)
        return true
    }
}

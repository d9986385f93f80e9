import Synchronization

/// What long work is doing, for the progress line a prompt draws on a terminal. The work says
/// what it is (`begin`), how much there is (`expect`), how far it has got (`advance`, from any
/// thread), and when it is over (`end`). Drawing is the program's: it installs a `Drawer`, and
/// a ticker of its own calls `tick` a few times a second. With no drawer (tests, scripts, pipes)
/// all of this costs a few stores.
public enum Progress {
    /// Shows a line (`draw`) or takes it away (`erase`); called under the progress lock, so a
    /// line is always erased before `end` returns and the work's output follows.
    public struct Drawer: Sendable {
        public var draw: @Sendable (String) -> Void
        public var erase: @Sendable () -> Void

        public init(draw: @escaping @Sendable (String) -> Void, erase: @escaping @Sendable () -> Void) {
            self.draw = draw
            self.erase = erase
        }
    }

    /// The work going on now, as the line shows it.
    public struct Snapshot: Equatable, Sendable {
        public var what: String
        /// The step it is at (`sorting 10,000,000 rows`), when it says.
        public var step: String? = nil
        /// Bytes done, over all passes.
        public var done: Int
        /// The bytes of one pass, when known.
        public var total: Int?
        /// How many times the work reads its bytes.
        public var passes = 1
        public var seconds: Double

        public init(what: String, step: String? = nil, done: Int, total: Int?, passes: Int = 1, seconds: Double) {
            self.what = what
            self.step = step
            self.done = done
            self.total = total
            self.passes = passes
            self.seconds = seconds
        }
    }

    struct State {
        var what: String?
        var step: String?
        var total: Int?
        var passes = 1
        var started = 0.0
        var drawer: Drawer?
        var drawn = false
    }

    private static let done = Atomic<Int>(0)
    private static let state = Mutex(State())

    /// Work that runs at least this long gets a line.
    public static let delay = 1.0

    /// Lets `tick` draw (nil: never).
    public static func install(_ drawer: Drawer?) {
        state.withLock { $0.drawer = drawer }
    }

    /// New work: `what` it is (`loading layoffs.csv`, `sorting 10,000,000 rows`), from now.
    public static func begin(_ what: String) {
        done.store(0, ordering: .relaxed)
        state.withLock {
            $0.what = what
            $0.step = nil
            $0.total = nil
            $0.passes = 1
            $0.started = Clock.now()
        }
    }

    /// How many bytes the work has, read `passes` times; what was done so far starts again from zero.
    public static func expect(total: Int, passes: Int = 1) {
        done.store(0, ordering: .relaxed)
        state.withLock {
            $0.total = total
            $0.passes = max(1, passes)
        }
    }

    /// The step the work is at now (its time still counts from `begin`).
    public static func step(_ text: String) {
        state.withLock { $0.step = text }
    }

    /// `n` more bytes done.
    @inline(__always)
    public static func advance(_ n: Int) {
        done.add(n, ordering: .relaxed)
    }

    /// The work is over: its line, if drawn, is erased before this returns.
    public static func end() {
        state.withLock {
            if $0.drawn { $0.drawer?.erase() }
            $0.drawn = false
            $0.what = nil
        }
    }

    /// What the work has done by now, once it has run `delay` seconds; nil before, or with none.
    public static func snapshot(at now: Double = Clock.now()) -> Snapshot? {
        state.withLock { snapshot(of: $0, at: now) }
    }

    /// `state`'s work as the line shows it, once it has run `delay` seconds (call under the lock).
    private static func snapshot(of current: State, at now: Double) -> Snapshot? {
        guard let what = current.what, now - current.started >= delay else { return nil }
        return Snapshot(
            what: what, step: current.step, done: done.load(ordering: .relaxed), total: current.total,
            passes: current.passes, seconds: now - current.started)
    }

    /// Draws the line for the work going on, `width` columns at most, if it has run long enough.
    public static func tick(width: Int) {
        let now = Clock.now()
        state.withLock { current in
            guard let drawer = current.drawer, let snapshot = snapshot(of: current, at: now) else { return }
            drawer.draw(line(snapshot, width: width))
            current.drawn = true
        }
    }

    /// `loading big.csv: 312 MB of 777 MB (40%), 150 MB/s, 3 s left`, or for work that counts
    /// no bytes, `running big sort by name (sorting 10,000,000 rows): 4 s`; then `(Ctrl-C stops
    /// it)`, all cut to `width` columns. Work that reads its bytes twice counts each pass as half
    /// of them.
    public static func line(_ s: Snapshot, width: Int) -> String {
        let seconds = Int(s.seconds)
        var text = s.what + (s.step.map { " (\($0))" } ?? "") + ": "
        if s.done > 0 {
            let done = s.done / s.passes
            let rate = Double(done) / max(s.seconds, 0.001)
            text += ByteSize.format(done)
            if let total = s.total, total > 0 {
                let fraction = min(1, Double(done) / Double(total))
                text += " of \(ByteSize.format(total)) (\(Int(fraction * 100))%)"
                text += ", \(ByteSize.format(Int(rate)))/s"
                let left = Double(max(0, total - done)) / max(rate, 1)
                text += ", \(Int(left.rounded(.up))) s left"
            } else {
                text += ", \(ByteSize.format(Int(rate)))/s, \(seconds) s"
            }
        } else {
            text += "\(seconds) s"
        }
        text += " (Ctrl-C stops it)"
        return text.count > width ? String(text.prefix(max(0, width - 1))) + "…" : text
    }
}

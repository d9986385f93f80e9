@preconcurrency import Glibc
import QuarryBase
import QuarryIO

/// The pager results taller than the screen go through (`.pager on|off|auto`): `$PAGER`, else
/// `less` when it is installed. It can never take Quarry down: the pager's end of the pipe
/// closing early (`q` in less, `head -3`) only ends the output, a failed start prints the result
/// plainly, and the child is always waited for. `less` gets `LESS=FRSX` unless `LESS` is set:
/// wide rows scroll sideways instead of wrapping, colour passes through, and the result stays
/// on the screen after quitting.
public struct Pager {
    public enum Mode: String, CaseIterable {
        case on, off
        /// On when the output is a terminal and a pager exists.
        case auto
    }

    public var mode: Mode = .auto
    /// The shell command of the pager, nil when there is none.
    public var command: String?
    /// The terminal's height, nil when standard output is not a terminal.
    public var screenHeight: Int?

    public init(mode: Mode = .auto, command: String? = nil, screenHeight: Int? = nil) {
        self.mode = mode
        self.command = command
        self.screenHeight = screenHeight
    }

    /// `$PAGER` (empty: none), else `less` when it is installed and the terminal takes escape
    /// codes (not `dumb`); `warn` is told when `$PAGER` names a program that is not there
    /// (results are then printed directly).
    public static func commandFromEnvironment(dumbTerminal: Bool = false, warn: (String) -> Void = { _ in }) -> String? {
        if let pager = getenv("PAGER") {
            let text = String(cString: pager).trimmingCharacters(in: " \t")
            guard !text.isEmpty else { return nil }
            let program = String(text.prefix { $0 != " " && $0 != "\t" })
            guard exists(program) else {
                warn("the pager `\(text)` ($PAGER) was not found; results are printed directly")
                return nil
            }
            return text
        }
        return !dumbTerminal && exists("less") ? "less" : nil
    }

    /// Whether `program` (a path, or a name looked up on the PATH) can be run.
    static func exists(_ program: String) -> Bool {
        if program.contains("/") { return access(program, X_OK) == 0 }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }

    /// On, with a pager to run and a screen to fill.
    public var isActive: Bool { mode != .off && command != nil && screenHeight != nil }

    /// Whether output `lines` tall goes through the pager now.
    public func pages(lines: Int) -> Bool {
        guard isActive, let height = screenHeight else { return false }
        // The prompt's line stays on the screen too.
        return lines > height - 1
    }

    /// Runs the pager, and `body` to write its input; returns false (having run nothing) when the
    /// pager could not start. Stops quietly when the pager quits early.
    public func run(_ body: (inout DescriptorSink) throws(WriteFailure) -> Void) -> Bool {
        guard let command else { return false }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return false }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        guard let child = ChildCommand.spawn(command, stdin: readEnd, environment: Pager.environment()) else {
            close(readEnd)
            close(writeEnd)
            return false
        }
        close(readEnd)
        var sink = DescriptorSink(descriptor: writeEnd)
        // EPIPE: the pager quit before reading everything, which ends the output.
        try? body(&sink)
        close(writeEnd)
        _ = ChildCommand.wait(child)
        return true
    }

    /// `LESS=FRSX` when `LESS` is unset.
    static func environment() -> [String: String] {
        getenv("LESS") == nil ? ["LESS": "FRSX"] : [:]
    }
}

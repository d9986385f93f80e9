extension Diagnostic {
    /// `.shell`, `!` or `.edit` ran a program that failed: `status` is its `waitpid` status.
    public static func commandFailed(_ command: String, status: Int32, hint: String? = nil) -> Diagnostic {
        let signal = status & 0x7F
        let how = signal == 0 ? "exited with status \((status >> 8) & 0xFF)" : "was stopped by signal \(signal)"
        return Diagnostic(.commandFailed, "`\(command)` \(how)", hint: hint)
    }
    /// A program could not be started at all.
    public static func commandNotStarted(_ command: String, reason: String) -> Diagnostic {
        Diagnostic(.commandFailed, "cannot run `\(command)`: \(reason)")
    }
}

/// Facts about this build of Quarry.
public enum Quarry {
    public static let version = "0.1.0"
    /// The exit status when standard output's reader went away: 128 + SIGPIPE, what a shell
    /// reports for a program the signal ended, so pipelines see what they expect.
    public static let closedOutputStatus: Int32 = 141
}

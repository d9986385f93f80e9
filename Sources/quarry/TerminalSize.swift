import QuarryShell

extension Terminal {
    /// Reads the terminal's size again, before each statement runs, so a table is laid out for
    /// the window as it is now (after a resize too) and `.last` pages at its current height.
    func applySize(to shell: Shell) {
        shell.session.tableStyle = tableStyle
        shell.session.pager.screenHeight = size?.rows
    }
}

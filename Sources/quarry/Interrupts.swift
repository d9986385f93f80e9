@preconcurrency import Glibc
import QuarryBase
import Synchronization

/// True while a statement runs at the prompt, so Ctrl-C's `^C` gets a line of its own before
/// the error that follows.
let statementRunning = Atomic<Bool>(false)

/// The exit status of a script stopped by Ctrl-C, as a shell reports a program SIGINT ended.
let interruptedStatus: Int32 = 130

/// Ctrl-C sets `Cancellation`'s flag instead of ending the process: the work running stops at
/// its next look (within a fraction of a second), every table stays as it was, and the prompt
/// goes on, or a script exits with status 130. Without SA_RESTART a read in progress returns,
/// so libedit drops the line being typed.
func installInterruptHandler() {
    // The flag's storage is made now, not first in a signal handler.
    Cancellation.reset()
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
        Cancellation.request()
        if statementRunning.load(ordering: .relaxed) { _ = write(STDERR_FILENO, "\n", 1) }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
}

@preconcurrency import Glibc

/// Runs a shell command for `.shell`, `!`, `.edit` and the pager: `/bin/sh -c`, on this
/// terminal, with the signals Quarry ignores or catches (SIGPIPE, SIGINT, ...) back at their
/// defaults, so the command behaves as it would at a shell prompt. Ctrl-C meanwhile reaches the
/// command; Quarry only notes it, and goes on once the command has ended.
enum ChildCommand {
    /// Starts `command` (with `arguments` as `$1`, `$2`, ...), its standard input from `stdin`
    /// when given, with `environment` added to this process's. Nil when it cannot start.
    static func spawn(
        _ command: String, arguments: [String] = [], stdin: Int32? = nil, environment: [String: String] = [:]
    ) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin { posix_spawn_file_actions_adddup2(&actions, stdin, STDIN_FILENO) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGXFSZ, SIGWINCH, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = (["/bin/sh", "-c", command, "sh"] + arguments).map { strdup($0) } + [nil]
        let envp = entries(adding: environment).map { strdup($0) } + [nil]
        defer { for case let p? in argv + envp { free(p) } }
        var child: pid_t = 0
        return posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, envp) == 0 ? child : nil
    }

    /// Waits for `child` (through interruptions) and returns its `waitpid` status.
    static func wait(_ child: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            if errno != EINTR { return 0 }
        }
        return status
    }

    /// Runs `command` to its end; its `waitpid` status, or nil when it could not start.
    static func run(_ command: String, arguments: [String] = []) -> Int32? {
        fflush(stdout)
        fflush(stderr)
        guard let child = spawn(command, arguments: arguments) else { return nil }
        return wait(child)
    }

    /// This process's environment as `NAME=value` entries, with `added` in place.
    static func entries(adding added: [String: String]) -> [String] {
        var out: [String] = []
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            let name = text.prefix { $0 != "=" }
            if added[String(name)] == nil { out.append(text) }
            p += 1
        }
        return out + added.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }
}

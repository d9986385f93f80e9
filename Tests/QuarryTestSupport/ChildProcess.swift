import Foundation

/// Runs a program to its end and collects what it printed, with a deadline.
///
/// Foundation's `Process` is not used: on Linux it learns that a child ended from a socket the child
/// inherits, so a child that leaves a daemon behind (the first `tmux` command starts the tmux server)
/// is never seen to end, and `waitUntilExit` waits forever. This spawns with `posix_spawn`, reads both
/// pipes together (a child filling one cannot block on the other) and reaps the child with `waitpid`.
public struct ChildProcess {
    public struct Finished {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// The most memory the child had resident at once, in bytes.
        public var peakResidentBytes = 0
    }

    public struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var seconds: Double
        public var description: String { "\(command) did not finish within \(Int(seconds)) seconds and was killed" }
    }

    struct SpawnFailed: Error, CustomStringConvertible {
        var command: String
        var code: Int32
        var description: String { "could not start \(command): \(String(cString: strerror(code)))" }
    }

    /// Runs `arguments` (the first is looked up on PATH unless it has a slash), feeding it `input`.
    /// `environment` replaces the inherited one when given. A child still running after `timeout`
    /// seconds is killed and `TimedOut` thrown.
    public static func run(
        _ arguments: [String], input: String = "", environment: [String: String]? = nil, directory: String? = nil,
        timeout: Double = 120
    ) throws -> Finished {
        try run(arguments, inputBytes: Array(input.utf8), environment: environment, directory: directory, timeout: timeout)
    }

    /// Runs `arguments` as `run(_:input:...)` does, feeding it these bytes (compressed data, say).
    public static func run(
        _ arguments: [String], inputBytes: [UInt8], environment: [String: String]? = nil, directory: String? = nil,
        timeout: Double = 120
    ) throws -> Finished {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        var stderrPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
            throw SpawnFailed(command: arguments[0], code: errno)
        }
        // No other child may inherit these ends (the tests run one at a time, so setting it after is safe).
        for fd in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // `env -C` changes the folder: glibc's chdir spawn action is not visible from Swift.
        let arguments = directory.map { ["/usr/bin/env", "-C", $0] + arguments } ?? arguments

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)

        // The child starts with no blocked signals and default handlers, whatever this process has.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envList =
            environment.map { $0.map { "\($0.key)=\($0.value)" } }
            ?? ProcessInfo.processInfo.environment.map {
                "\($0.key)=\($0.value)"
            }
        let envp = envList.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }

        var pid: pid_t = 0
        let code = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard code == 0 else {
            for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { close(fd) }
            throw SpawnFailed(command: arguments[0], code: code)
        }
        return try collect(
            pid: pid, input: inputBytes, stdin: stdinPipe[1], stdout: stdoutPipe[0], stderr: stderrPipe[0],
            command: arguments.joined(separator: " "), timeout: timeout)
    }

    /// Feeds the input and drains both outputs until the child has ended, then reaps it.
    private static func collect(
        pid: pid_t, input: [UInt8], stdin: Int32, stdout: Int32, stderr: Int32, command: String, timeout: Double
    ) throws -> Finished {
        for fd in [stdin, stdout, stderr] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var inputFD: Int32? = stdin
        var written = 0
        if input.isEmpty {
            close(stdin)
            inputFD = nil
        }
        var outputs: [Int32: [UInt8]] = [stdout: [], stderr: []]
        var open: Set<Int32> = [stdout, stderr]
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var usage = rusage()
        var ended = false

        func drain(_ fd: Int32) {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 {
                    outputs[fd]!.append(contentsOf: buffer[0..<n])
                } else {
                    if n == 0 || (errno != EINTR && errno != EAGAIN) {
                        close(fd)
                        open.remove(fd)
                    }
                    if n == 0 || errno != EINTR { return }
                }
            }
        }

        while true {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if let fd = inputFD { fds.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
            _ = poll(&fds, nfds_t(fds.count), 50)
            for entry in fds where entry.revents != 0 {
                if entry.fd == inputFD {
                    let n = input.withUnsafeBytes { write(entry.fd, $0.baseAddress! + written, input.count - written) }
                    if n > 0 { written += n }
                    if written == input.count || (n < 0 && errno != EAGAIN && errno != EINTR) {
                        close(entry.fd)
                        inputFD = nil
                    }
                } else {
                    drain(entry.fd)
                }
            }
            if !ended, wait4(pid, &status, WNOHANG, &usage) == pid { ended = true }
            // Once the child has ended, what it wrote is in the pipes; a daemon it left behind may hold
            // them open for ever, so take what is there and stop.
            if ended {
                for fd in Array(open) { drain(fd) }
                break
            }
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                for fd in open { close(fd) }
                if let fd = inputFD { close(fd) }
                throw TimedOut(command: command, seconds: timeout)
            }
        }
        for fd in open { close(fd) }
        if let fd = inputFD { close(fd) }
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Finished(
            status: exitStatus, stdout: String(decoding: outputs[stdout]!, as: UTF8.self),
            stderr: String(decoding: outputs[stderr]!, as: UTF8.self), peakResidentBytes: usage.ru_maxrss * 1024)
    }
}

import CEditLine
import Glibc

/// The prompt's history file, in libedit's format. Each new entry is added to what the file holds
/// now (re-read under a lock on its folder), so two prompts open at once keep each other's lines.
/// The file is written to an owner-only temporary file with a random name, created exclusively,
/// and renamed into place, so a killed process never leaves it half-written and a stale temporary
/// file is never in the way. A history path that is a folder, or a file that cannot be read or is
/// not a history file, is left alone: one warning says so, and nothing is saved.
public final class HistoryFile {
    public let path: String
    /// The most entries kept.
    let limit: Int
    private let warn: (String) -> Void
    /// False once a warning was given: the file is then left alone for the rest of the session.
    public private(set) var saving = true

    public init(path: String, limit: Int = 2000, warn: @escaping (String) -> Void) {
        self.path = path
        self.limit = limit
        self.warn = warn
    }

    /// What is at the history path.
    enum State {
        case missing
        case readable
        /// Something to leave alone, and why.
        case leaveAlone(String)
    }

    func state() -> State {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? .missing : .leaveAlone("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if info.st_mode & mode_t(S_IFMT) == mode_t(S_IFDIR) { return .leaveAlone("the history path \(path) is a folder") }
        guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            return .leaveAlone("the history path \(path) is not a regular file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .leaveAlone("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // libedit's files start with its cookie line; an empty file is a history of nothing yet.
        var start = [UInt8](repeating: 0, count: HistoryFile.cookie.count)
        let count = read(fd, &start, start.count)
        guard count == 0 || start == HistoryFile.cookie else { return .leaveAlone("\(path) is not a history file") }
        return .readable
    }

    static let cookie = Array("_HiStOrY_V2_\n".utf8)

    /// Warns once, and stops saving.
    private func giveUp(_ reason: String) {
        guard saving else { return }
        saving = false
        warn("\(reason); history is not saved in this session")
    }

    /// A fresh libedit history of at most `limit` entries, without repeats in a row.
    func makeHistory() -> OpaquePointer? {
        guard let history = history_init() else { return nil }
        var event = HistEvent()
        _ = quarry_history_set_size(history, &event, Int32(limit))
        _ = quarry_history_set_unique(history, &event, 1)
        return history
    }

    /// Reads the file into `history`; false (after a warning) when it is to be left alone.
    @discardableResult
    func load(into history: OpaquePointer) -> Bool {
        switch state() {
        case .missing: return true
        case .leaveAlone(let reason):
            giveUp(reason)
            return false
        case .readable:
            var event = HistEvent()
            _ = quarry_history_load(history, &event, path)
            return true
        }
    }

    /// The entries in the file, oldest first (none when there is none, or it is left alone).
    public func entries() -> [String] {
        guard let history = makeHistory() else { return [] }
        defer { history_end(history) }
        guard load(into: history) else { return [] }
        var event = HistEvent()
        var out: [String] = []
        var status = quarry_history_last(history, &event)
        while status >= 0, let text = event.str {
            out.append(String(cString: text))
            status = quarry_history_prev(history, &event)
        }
        return out
    }

    /// Adds `entry` to the file as it is now, and writes it back.
    public func append(_ entry: String) {
        guard saving, let history = makeHistory() else { return }
        defer { history_end(history) }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? "./"
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        // Prompts saving at the same moment take turns, so neither loses the other's entry.
        let lock = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { close(lock) } }
        guard load(into: history) else { return }
        var event = HistEvent()
        _ = quarry_history_enter(history, &event, entry)
        var generator = SystemRandomNumberGenerator()
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<100 where fd < 0 {
            temporary = folder + ".\(base).tmp-\(getpid())-\(String(generator.next() as UInt64, radix: 36))"
            fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd < 0, errno != EEXIST { break }
        }
        guard fd >= 0 else {
            giveUp("cannot write the history beside \(path): \(String(cString: strerror(errno)))")
            return
        }
        close(fd)
        if quarry_history_save(history, &event, temporary) < 0 {
            unlink(temporary)
            giveUp("cannot write the history to \(temporary)")
        } else if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            giveUp("cannot replace \(path): \(reason)")
        }
    }
}

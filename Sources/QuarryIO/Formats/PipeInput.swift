@preconcurrency import Glibc
import QuarryBase

/// Data paths that can be read only once, start to end: `-` (standard input), `/dev/stdin`,
/// `/dev/fd/N` (as `<(command)` makes), a FIFO, a socket or a character device. Such a path is
/// read whole into memory once, within the memory budget, and then loaded as a file's bytes are;
/// nothing opens it a second time. Compressed data is kept compressed in memory and its text is
/// read in windows, as from a compressed file.
public enum PipeInput {
    /// `-`, `/dev/stdin`, `/dev/fd/0` and `/proc/self/fd/0`: standard input.
    public static func isStandardInput(_ path: String) -> Bool {
        ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"].contains(path)
    }

    /// True for a path that names a pipe or a device rather than a file or folder (`-` too).
    public static func isStream(_ path: String) -> Bool {
        if path == "-" { return true }
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFCHR || kind == S_IFSOCK
    }

    /// The descriptor a path names without opening anything: 0 for standard input, N for
    /// `/dev/fd/N` and `/proc/self/fd/N`.
    static func descriptor(_ path: String) -> Int32? {
        if isStandardInput(path) { return 0 }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            return Int32(path.dropFirst(prefix.count))
        }
        return nil
    }

    /// The table a path loads as when no name is given: `stdin` for standard input, `fdN` for
    /// another `/dev/fd/N`, else the file's name without its extension.
    public static func tableName(for path: String) -> String {
        if isStandardInput(path) { return "stdin" }
        if let fd = descriptor(path) { return "fd\(fd)" }
        return CSVLoader.tableName(for: path)
    }

    /// How the path appears in messages: `stdin` for standard input, else as given.
    public static func displayName(_ path: String) -> String { isStandardInput(path) ? "stdin" : path }

    /// Every byte the path gives until its end, grown by doubling and only after `memory` says
    /// the bigger buffer fits: a pipe larger than memory is an error, not an abort.
    static func readAll(_ path: String, memory: MemoryBudget) throws(Diagnostic) -> [UInt8] {
        let name = displayName(path)
        let fd: Int32
        if let given = descriptor(path) {
            fd = given
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw Diagnostic.unreadableFile(name, reason: String(cString: strerror(errno))) }
        }
        defer { if descriptor(path) == nil { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                // Ctrl-C while waiting for the writer stops the load.
                if errno == EINTR {
                    try Cancellation.check()
                    continue
                }
                throw Diagnostic.unreadableFile(name, reason: String(cString: strerror(errno)))
            }
            if n == 0 { return bytes }
            if bytes.count + n > bytes.capacity {
                let capacity = max(bytes.capacity * 2, bytes.count + n, 1 << 20)
                try memory.check(
                    capacity, for: "reading it has taken \(ByteSize.format(bytes.count)) and needs room for more",
                    file: name)
                bytes.reserveCapacity(capacity)
            }
            bytes.append(contentsOf: chunk[0..<n])
            Progress.advance(n)
            try Cancellation.check()
        }
    }
}

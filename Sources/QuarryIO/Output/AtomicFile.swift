@preconcurrency import Glibc
import QuarryBase
import QuarryEngine

/// Writes files so that a failed or interrupted write never leaves a half-written file: the text
/// goes to a temporary file in the same folder, which is renamed over the target only when whole.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(Diagnostic) {
        try write(Array(text.utf8), to: path)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(Diagnostic) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(base).tmp-\(getpid())"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        guard fd >= 0 else { throw Diagnostic.writeFailed(path, reason: String(cString: strerror(errno))) }
        var bytes = bytes
        var written = 0
        var failure: String?
        bytes.withUnsafeMutableBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                written += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw Diagnostic.writeFailed(path, reason: failure)
        }
    }
}

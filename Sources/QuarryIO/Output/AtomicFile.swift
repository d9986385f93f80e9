@preconcurrency import Glibc
import QuarryBase
import QuarryEngine

/// Writes files so that a failed or interrupted write never leaves a half-written file: the text
/// goes to a temporary file in the same folder, which is renamed over the target only when whole.
/// The temporary file's name has a random part and is created only when it does not exist yet, so
/// a file left by a killed process (or another process's write) is never in the way. A target
/// that exists keeps its permissions (a 0600 file stays 0600) and, where allowed, its owner.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(Diagnostic) {
        try write(Array(text.utf8), to: path)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(Diagnostic) {
        try write(to: path) { sink throws(WriteFailure) in
            try sink.write(bytes)
        }
    }

    /// Streams what `body` writes into the file. When a write fails (a full disk, `ulimit -f`,
    /// a device error) the temporary file is removed, the earlier file is left as it was, and
    /// the error names the file, the cause and what to do.
    public static func write(to path: String, _ body: (inout DescriptorSink) throws(WriteFailure) -> Void)
        throws(Diagnostic)
    {
        var existing = stat()
        let keepMode: mode_t? = stat(path, &existing) == 0 ? existing.st_mode & 0o777 : nil
        let (fd, temporary) = try createTemporary(beside: path, mode: 0o644, failure: path)
        var failure: WriteFailure?
        var sink = DescriptorSink(descriptor: fd, writesBack: true)
        do throws(WriteFailure) {
            try body(&sink)
        } catch {
            failure = error
        }
        if failure == nil, let keepMode {
            // The owner too, where allowed (a file saved by root over a user's stays the user's).
            _ = fchown(fd, existing.st_uid, existing.st_gid)
            if fchmod(fd, keepMode) != 0 { failure = WriteFailure(code: errno) }
        }
        if failure == nil, fsync(fd) != 0 { failure = WriteFailure(code: errno) }
        // Some file systems report a failed write-back only here.
        if close(fd) != 0, failure == nil, errno != EINTR { failure = WriteFailure(code: errno) }
        if failure == nil, rename(temporary, path) != 0 { failure = WriteFailure(code: errno) }
        if let failure {
            unlink(temporary)
            if failure == .cancelled { throw Diagnostic.cancelled() }
            var diagnostic = Diagnostic.writeFailed(path, reason: failure.reason)
            diagnostic.hint = failure.hint
            throw diagnostic
        }
    }

    /// Creates `.NAME.tmp-PID-RANDOM` in the folder of `path`, exclusively (`O_EXCL`), trying
    /// other random parts while a name is taken. Returns its descriptor and name.
    static func createTemporary(beside path: String, mode: mode_t, failure target: String) throws(Diagnostic) -> (
        Int32, String
    ) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String(generator.next() as UInt64, radix: 36)
            let temporary = folder + ".\(base).tmp-\(getpid())-\(suffix)"
            let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, temporary) }
            if errno != EEXIST { break }
        }
        throw Diagnostic.writeFailed(target, reason: String(cString: strerror(errno)))
    }
}

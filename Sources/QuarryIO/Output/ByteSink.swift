import CFileSystem
@preconcurrency import Glibc
import QuarryBase

/// Where written output goes, in large chunks.
public protocol ByteSink {
    /// Takes all of `bytes`, or throws why it could not.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(WriteFailure)
}

/// Why output stopped: the `errno` of the call that failed.
public struct WriteFailure: Error, Sendable, Equatable {
    public let code: Int32

    public init(code: Int32) { self.code = code }

    public var reason: String { String(cString: strerror(code)) }

    /// The reader went away (`quarry ... | head`): not an error to report.
    public var isClosedPipe: Bool { code == EPIPE }

    /// Ctrl-C stopped the writing (`Cancellation`).
    public static let cancelled = WriteFailure(code: ECANCELED)

    /// What to do about it, for the common causes.
    public var hint: String? {
        switch code {
        case ENOSPC: "free some space on that disk, or save somewhere else"
        case EDQUOT: "your disk quota is used up; free some space, or save somewhere else"
        case EFBIG: "the file would pass the size limit for files (see `ulimit -f`); save a smaller result"
        case EIO: "the device reported an error; check the disk, or save somewhere else"
        default: nil
        }
    }
}

/// Collects the bytes in memory (for `OutputFormat.render` and compressed saves).
public struct MemorySink: ByteSink {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(WriteFailure) {
        self.bytes.append(contentsOf: bytes)
    }
}

/// Writes to a file descriptor, retrying after signals (`EINTR`) and short writes.
public struct DescriptorSink: ByteSink {
    public let descriptor: Int32
    /// For a file that will be synced when whole: every `writeBackBytes` written, the disk is
    /// asked to start writing them, so the final sync waits for little more than the last part.
    let writesBack: Bool
    /// Bytes written, and how many of them the disk was already asked to write.
    private var written = 0
    private var writtenBack = 0

    public init(descriptor: Int32) { self.init(descriptor: descriptor, writesBack: false) }

    init(descriptor: Int32, writesBack: Bool) {
        self.descriptor = descriptor
        self.writesBack = writesBack
    }

    static let writeBackBytes = 8 << 20

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(WriteFailure) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteFailure(code: errno)
            }
            // A write that takes nothing would loop forever; no device does this, but say so.
            if n == 0 { throw WriteFailure(code: EIO) }
            done += n
        }
        written += done
        if writesBack, written - writtenBack >= Self.writeBackBytes {
            // Advice only: a file system that cannot start early syncs it all at the end.
            _ = quarry_start_write_back(descriptor, Int64(writtenBack), Int64(written - writtenBack))
            writtenBack = written
        }
    }
}

extension ByteSink {
    /// Writes an array's bytes.
    public mutating func write(_ bytes: [UInt8]) throws(WriteFailure) {
        var failure: WriteFailure?
        bytes.withUnsafeBytes { raw in
            do throws(WriteFailure) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

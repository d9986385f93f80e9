import Glibc
import QuarryBase

/// A window onto a text stream: the bytes read from it and not yet used, at the front of one
/// buffer. A loader works on the window, drops what it has used, and fills it again; it grows
/// only when one record is longer than the window.
final class TextWindow {
    /// What a window holds to start with: small files need no more.
    static let firstCapacity = 1 << 20
    /// What a window grows to as a long stream goes on: enough that both cores get long runs of
    /// rows between the steps that hand a window over.
    static let fullCapacity = 32 << 20

    private var stream: (any TextStream)?
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// How many bytes of `buffer` hold text.
    private(set) var count = 0
    /// True once the stream has no more text.
    private(set) var atEnd = false
    private let memory: MemoryBudget
    private let path: String

    init(_ stream: any TextStream, capacity: Int, memory: MemoryBudget, path: String) throws(Diagnostic) {
        try memory.check(capacity, for: "reading it takes a window of \(ByteSize.format(capacity))", file: path)
        self.stream = stream
        self.memory = memory
        self.path = path
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    var capacity: Int { buffer.count }

    /// The text held.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[0..<count]) }

    /// Reads until the window is full or the stream is over.
    func fill() throws(Diagnostic) {
        guard count < buffer.count, !atEnd else { return }
        let room = buffer.count - count
        guard let stream else { return }
        try Cancellation.check()
        let n = try stream.read(into: UnsafeMutableBufferPointer(rebasing: buffer[count...]))
        count += n
        Progress.advance(n)
        // A stream fills all the room it is given until its text is over.
        atEnd = n < room
    }

    /// Reads until the window holds at least `needed` bytes, growing it if it must; false when
    /// the stream ends first.
    func hold(_ needed: Int) throws(Diagnostic) -> Bool {
        while count < needed, !atEnd {
            if count == buffer.count { try grow() } else { try fill() }
        }
        return count >= needed
    }

    /// Doubles the window (a record longer than it), then fills it.
    func grow() throws(Diagnostic) {
        let capacity = buffer.count * 2
        try memory.check(
            capacity, for: "reading it needs a window of \(ByteSize.format(capacity)) for one long record", file: path)
        let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        if count > 0 { memcpy(bigger.baseAddress!, buffer.baseAddress!, count) }
        buffer.deallocate()
        buffer = bigger
        try fill()
    }

    /// The length of the next run of whole lines the window holds (all it holds at the end of
    /// the stream), reading and growing as needed; nil once the stream is over.
    func nextLines() throws(Diagnostic) -> Int? {
        while true {
            try fill()
            if count == 0 { return nil }
            if atEnd { return count }
            if let lineFeed = Self.lastLineFeed(in: bytes) { return lineFeed + 1 }
            try grow()
        }
    }

    /// Lets go of the `n` bytes a pass has used, and grows the window toward its full size while
    /// the stream goes on.
    func advance(past n: Int) throws(Diagnostic) {
        drop(n)
        if !atEnd, capacity < Self.fullCapacity { try grow() }
    }

    /// Lets go of the buffer and the stream (and what it holds) before the window itself goes.
    func close() {
        buffer.deallocate()
        buffer = UnsafeMutableBufferPointer.allocate(capacity: 0)
        stream = nil
        count = 0
        atEnd = true
    }

    /// Lets go of the first `n` bytes, moving the rest to the front.
    func drop(_ n: Int) {
        precondition(n <= count)
        if n < count { memmove(buffer.baseAddress!, buffer.baseAddress! + n, count - n) }
        count -= n
    }

    /// Where the last line feed of `bytes` is, if it has one.
    static func lastLineFeed(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = bytes.count - 1
        while i >= 0, bytes[i] != 0x0A { i -= 1 }
        return i >= 0 ? i : nil
    }

    /// How many line feeds `bytes` holds.
    static func lineFeeds(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        CSVTypeInference.countQuotesAndNewlines(bytes, 0..<bytes.count).1
    }
}

import QuarryBase
import QuarryEngine

/// Checks that bytes are UTF-8, naming the line and byte offset of the first bad byte.
enum UTF8Check {
    /// Checks the whole buffer; a big one in two halves on both cores, split where a character
    /// starts. The first half's error, if any, is the file's first.
    static func validate(_ b: UnsafeBufferPointer<UInt8>, path: String, releaser: PageReleaser = .none) throws(Diagnostic) {
        var middle = b.count / 2
        while middle < b.count, b[middle] & 0xC0 == 0x80 { middle += 1 }
        guard b.count >= 1 << 20 else {
            try validate(b, 0..<b.count, path: path, releaser: releaser)
            return
        }
        let shared = SharedBytes(bytes: b)
        let halves = [0..<middle, middle..<b.count]
        let results = ParallelParts<Diagnostic?>(count: 2)
        results.run { i in
            do throws(Diagnostic) {
                try validate(shared.bytes, halves[i], path: path, releaser: releaser)
                return nil
            } catch {
                return error
            }
        }
        if let error = results.values.compactMap({ $0 }).first { throw error }
    }

    /// Checks the characters that start in `range` (the last may end past it) and returns where
    /// the last one ends. `base` is where `b` starts in the file, for the message.
    @discardableResult
    static func validate(
        _ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, path: String, releaser: PageReleaser,
        base: (offset: Int, line: Int) = (0, 1)
    ) throws(Diagnostic) -> Int {
        let n = b.count
        var i = range.lowerBound
        var released = range.lowerBound
        while i < range.upperBound {
            if i - released >= 1 << 26 {
                releaser.release(released, i)
                released = i
            }
            // Fast path: eight ASCII bytes at a time.
            if i + 8 <= n {
                let word = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch c {
            case 0xC2...0xDF:
                length = 2
                minimum = 0x80
                scalar = UInt32(c & 0x1F)
            case 0xE0...0xEF:
                length = 3
                minimum = 0x800
                scalar = UInt32(c & 0x0F)
            case 0xF0...0xF4:
                length = 4
                minimum = 0x10000
                scalar = UInt32(c & 0x07)
            default: throw failure(b, i, path, base)
            }
            guard i + length <= n else { throw failure(b, i, path, base) }
            for k in 1..<length {
                let next = b[i + k]
                guard next & 0xC0 == 0x80 else { throw failure(b, i, path, base) }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                throw failure(b, i, path, base)
            }
            minimum = 0
            i += length
        }
        return i
    }

    static func failure(_ b: UnsafeBufferPointer<UInt8>, _ offset: Int, _ path: String, _ base: (offset: Int, line: Int))
        -> Diagnostic
    {
        var line = base.line
        for k in 0..<offset where b[k] == UInt8(ascii: "\n") { line += 1 }
        return Diagnostic.invalidUTF8(path, line: line, offset: base.offset + offset)
    }

    /// Checks a whole stream of text, a window at a time.
    static func validate(_ stream: any TextStream, path: String, memory: MemoryBudget) throws(Diagnostic) {
        let window = try TextWindow(stream, capacity: TextWindow.firstCapacity, memory: memory, path: path)
        var base = (offset: 0, line: 1)
        while true {
            try window.fill()
            guard window.count > 0 else { return }
            // Away from the end, a character that starts in the last three bytes may go on past them.
            let end = window.atEnd ? window.count : window.count - 3
            let stop = try validate(window.bytes, 0..<end, path: path, releaser: .none, base: base)
            base.line += TextWindow.lineFeeds(in: UnsafeBufferPointer(rebasing: window.bytes[0..<stop]))
            base.offset += stop
            window.drop(stop)
        }
    }
}

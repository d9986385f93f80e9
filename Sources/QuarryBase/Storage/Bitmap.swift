/// A validity bitmap: bit `i` is set when row `i` holds a value, clear when it is null.
public struct Bitmap: Sendable, Equatable {
    /// The bits, 64 rows a word; bits past `count` are always clear. (Public and settable so
    /// kernels in other modules can be inlined; only this type's own methods write it.)
    public var words: [UInt64]
    public let count: Int

    /// A bitmap of `count` bits, all set to `value`.
    public init(count: Int, value: Bool = true) {
        self.count = count
        let wordCount = (count + 63) >> 6
        words = [UInt64](repeating: value ? ~0 : 0, count: wordCount)
        if value { clearTail() }
    }

    public init(words: [UInt64], count: Int) {
        self.words = words
        self.count = count
        clearTail()
    }

    /// Builds a bitmap from a per-row flag array.
    public init(_ flags: [Bool]) {
        self.init(count: flags.count, value: false)
        for (i, flag) in flags.enumerated() where flag { set(i) }
    }

    private mutating func clearTail() {
        let extra = count & 63
        if extra != 0, !words.isEmpty { words[words.count - 1] &= (1 << UInt64(extra)) - 1 }
    }

    @inlinable public subscript(i: Int) -> Bool {
        words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    @inlinable public mutating func set(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    @inlinable public mutating func clear(_ i: Int) { words[i >> 6] &= ~(1 << UInt64(i & 63)) }

    /// Calls `body` with each row in `range` that holds a value (nil bitmap: every row), a 64-row
    /// word at a time, so a kernel's loop tests one word per 64 rows instead of one bit per row.
    @inlinable
    public static func forEachSet(_ bitmap: Bitmap?, in range: Range<Int>, _ body: (Int) -> Void) {
        guard let bitmap else {
            for i in range { body(i) }
            return
        }
        guard !range.isEmpty else { return }
        bitmap.words.withUnsafeBufferPointer { words in
            let firstWord = range.lowerBound >> 6
            let lastWord = (range.upperBound - 1) >> 6
            for w in firstWord...lastWord {
                var bits = words[w]
                if w == firstWord { bits &= ~0 << UInt64(range.lowerBound & 63) }
                if w == lastWord, range.upperBound & 63 != 0 { bits &= (1 << UInt64(range.upperBound & 63)) - 1 }
                if bits == ~0 {
                    for i in w << 6..<(w << 6 + 64) { body(i) }
                    continue
                }
                while bits != 0 {
                    body(w << 6 | bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
        }
    }

    /// The number of set bits.
    @inlinable public var setCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public static func & (a: Bitmap, b: Bitmap) -> Bitmap {
        var out = a
        for i in out.words.indices { out.words[i] &= b.words[i] }
        return out
    }
}

extension Optional where Wrapped == Bitmap {
    /// Combines two optional validity bitmaps: nil means "all valid".
    package static func & (a: Bitmap?, b: Bitmap?) -> Bitmap? {
        switch (a, b) {
        case (nil, nil): nil
        case (let x?, nil): x
        case (nil, let y?): y
        case (let x?, let y?): x & y
        }
    }
}

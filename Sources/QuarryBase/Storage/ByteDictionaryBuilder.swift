/// Dictionary-encodes strings from raw bytes: an open-addressing hash table over byte ranges,
/// so a `String` is made once per distinct value, not once per field.
///
/// It runs once per string field of a file, and a file streaming through the cache leaves the
/// table cold, so a lookup is shaped to touch two cache lines: its slot, which holds where the
/// value is stored and 24 bits of its hash (a probe that lands on another value is passed over
/// there), and the stored value, which begins with its code and length. The hash reads eight
/// bytes at a time and equal lengths are compared with word loads.
package struct ByteDictionaryBuilder {
    package init() {}

    /// Each distinct value as its code (4 bytes), its length (4 bytes), then its bytes.
    private var storage: [UInt8] = []
    /// Where each code's entry starts in `storage` (-1 for the empty string, which has none).
    private var entries: [Int] = []
    /// 0 for an empty slot, else (entry offset + 1) << 24 | the hash's top 24 bits.
    private var slots = [UInt64](repeating: 0, count: 64)
    private(set) var values: [String] = []
    /// The empty string's code: it has no bytes to hash, so it is kept aside.
    private var empty: Int32?

    package mutating func code(for b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let length = end - start
        guard length > 0, let base = b.baseAddress else { return emptyCode() }
        let field = base + start
        let hash = Self.hash(field, length)
        if let found = find(field, length, hash) { return found }
        return insert(field, length, hash)
    }

    /// The codes of many fields at once (`ranges` into `b`), written to `codes`; the same codes
    /// as `code(for:)` field by field, in order. In a large dictionary nearly every lookup
    /// misses the cache twice (its slot, then the stored value): field by field those misses
    /// come one after another, here the slots of all the fields are read in one loop and the
    /// values in the next, so their misses overlap. Fields new to the dictionary (and empty
    /// ones) are then looked up again and added one by one, in order.
    package mutating func codes(
        for b: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeBufferPointer<ByteRange>, into codes: UnsafeMutablePointer<Int32>
    ) {
        guard let base = b.baseAddress else {
            for i in ranges.indices { codes[i] = emptyCode() }
            return
        }
        let count = ranges.count
        let mask = slots.count - 1
        // Each field's hash, then what its first slot holds.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * count) { scratch in
            let hashes = scratch.baseAddress!
            let entries = hashes + count
            slots.withUnsafeBufferPointer { slots in
                for i in 0..<count {
                    let length = ranges[i].end - ranges[i].start
                    let hash = length > 0 ? Self.hash(base + ranges[i].start, length) : 0
                    hashes[i] = hash
                    entries[i] = length > 0 ? slots[Int(truncatingIfNeeded: hash) & mask] : 0
                }
            }
            storage.withUnsafeBufferPointer { storage in
                // A field whose first slot holds it has its code now; the others are -1.
                for i in 0..<count {
                    codes[i] = -1
                    let entry = entries[i]
                    guard entry != 0, entry & 0xFF_FFFF == hashes[i] >> 40 else { continue }
                    let stored = storage.baseAddress! + Int(entry >> 24) - 1
                    let header = UnsafeRawPointer(stored)
                    let length = ranges[i].end - ranges[i].start
                    if header.loadUnaligned(fromByteOffset: 4, as: UInt32.self) == UInt32(length),
                        Self.equal(stored + 8, base + ranges[i].start, length)
                    {
                        codes[i] = Int32(bitPattern: header.loadUnaligned(as: UInt32.self))
                    }
                }
            }
            for i in 0..<count where codes[i] < 0 {
                let field = base + ranges[i].start
                let length = ranges[i].end - ranges[i].start
                guard length > 0 else {
                    codes[i] = emptyCode()
                    continue
                }
                codes[i] = find(field, length, hashes[i]) ?? insert(field, length, hashes[i])
            }
        }
    }

    /// The code of a value already in the dictionary, or nil.
    @inline(__always)
    private func find(_ field: UnsafePointer<UInt8>, _ length: Int, _ hash: UInt64) -> Int32? {
        let tag = hash >> 40
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            storage.withUnsafeBufferPointer { storage in
                while true {
                    let entry = slots[slot]
                    if entry == 0 { return nil }
                    if entry & 0xFF_FFFF == tag {
                        let stored = storage.baseAddress! + Int(entry >> 24) - 1
                        let header = UnsafeRawPointer(stored)
                        if header.loadUnaligned(fromByteOffset: 4, as: UInt32.self) == UInt32(length),
                            Self.equal(stored + 8, field, length)
                        {
                            return Int32(bitPattern: header.loadUnaligned(as: UInt32.self))
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Adds a value that `find` did not find, and returns its new code.
    private mutating func insert(_ field: UnsafePointer<UInt8>, _ length: Int, _ hash: UInt64) -> Int32 {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        let code = Int32(values.count)
        let offset = storage.count
        withUnsafeBytes(of: UInt32(bitPattern: code).littleEndian) { storage.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(length).littleEndian) { storage.append(contentsOf: $0) }
        storage.append(contentsOf: UnsafeBufferPointer(start: field, count: length))
        entries.append(offset)
        values.append(String(decoding: UnsafeBufferPointer(start: field, count: length), as: UTF8.self))
        slots[slot] = UInt64(offset + 1) << 24 | hash >> 40
        if values.count * 2 > slots.count { grow() }
        return code
    }

    package func build() -> StringDictionary { StringDictionary(values.isEmpty ? [""] : values) }

    /// Adds `other`'s values (another part of the same column) and returns, for each of its
    /// codes, the code the value has here.
    package mutating func absorb(_ other: ByteDictionaryBuilder) -> [Int32] {
        other.storage.withUnsafeBufferPointer { bytes in
            other.values.indices.map { c in
                guard Int32(c) != other.empty else { return emptyCode() }
                let at = other.entries[c]
                let length = Int(UnsafeRawPointer(bytes.baseAddress! + at).loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                return code(for: bytes, at + 8, at + 8 + length)
            }
        }
    }

    /// The code of the empty string, added on first use.
    private mutating func emptyCode() -> Int32 {
        if let code = empty { return code }
        let code = Int32(values.count)
        values.append("")
        entries.append(-1)
        empty = code
        if values.count * 2 > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        storage.withUnsafeBufferPointer { s in
            for at in entries where at >= 0 {
                let length = Int(UnsafeRawPointer(s.baseAddress! + at).loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                let hash = Self.hash(s.baseAddress! + at + 8, length)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = UInt64(at + 1) << 24 | hash >> 40
            }
        }
    }

    /// A hash of `count` (at least one) bytes, eight at a time (the length is mixed in first, so
    /// overlapping tail loads still tell values apart).
    @inline(__always)
    package static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var i = 0
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < count {
            // The last bytes by word loads too: the final eight (overlapping ones already
            // hashed), or for a short value its first and last four.
            var tail: UInt64 = 0
            if count >= 8 {
                tail = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else if count >= 4 {
                tail =
                    UInt64(raw.loadUnaligned(as: UInt32.self))
                    | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
            } else {
                for k in 0..<count { tail |= UInt64(p[k]) << UInt64(k * 8) }
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        // The slot is taken from the low bits: mix the high bits down, or similar values
        // crowd into neighbouring slots and probe far.
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    /// Whether `count` bytes at `a` and `b` are equal: overlapping word loads, no byte loop
    /// for fields of four bytes or more.
    @inline(__always)
    package static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let x = UnsafeRawPointer(a)
        let y = UnsafeRawPointer(b)
        if count >= 8 {
            var i = 0
            while i + 8 < count {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i += 8
            }
            return x.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                == y.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == y.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for i in 0..<count where a[i] != b[i] { return false }
        return true
    }
}

/// A field's bytes, `start..<end` of the file.
package struct ByteRange {
    package var start: Int
    package var end: Int

    @inlinable package init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// One dictionary builder per column, reached through a pointer: the second pass updates one on
/// almost every field, and through an array each update would first check that the array is
/// not shared, through a class property it would be checked for overlapping access.
package final class ByteDictionaryBuilders: @unchecked Sendable {
    package let builders: UnsafeMutablePointer<ByteDictionaryBuilder>
    package let count: Int

    package init(count: Int) {
        self.count = count
        builders = .allocate(capacity: count)
        builders.initialize(repeating: ByteDictionaryBuilder(), count: count)
    }

    deinit {
        builders.deinitialize(count: count)
        builders.deallocate()
    }
}

/// Dictionary-encodes strings from raw bytes: an open-addressing hash table over byte ranges,
/// so a `String` is made once per distinct value, not once per field.
///
/// It runs once per string field of a file, so each step is kept cheap: the hash reads eight
/// bytes at a time, the slot table stays small (4 bytes a slot) so more of it stays in cache, and
/// equal lengths are compared with word loads rather than a library call.
final class ByteDictionaryBuilder {
    /// Every distinct value's bytes, end to end; value `c` is `storage[offsets[c]..<offsets[c + 1]]`.
    private var storage: [UInt8] = []
    private var offsets: [Int] = [0]
    /// A code, or -1 for an empty slot.
    private var slots = [Int32](repeating: -1, count: 64)
    private var values: [String] = []
    /// The empty string's code: it has no bytes to hash, so it is kept aside.
    private var empty: Int32?

    func code(for b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let length = end - start
        guard length > 0, let base = b.baseAddress else { return emptyCode() }
        let field = base + start
        let hash = Self.hash(field, length)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                storage.withUnsafeBufferPointer { storage in
                    while true {
                        let code = Int(slots[slot])
                        if code < 0 { return nil }
                        let from = offsets[code]
                        if offsets[code + 1] - from == length, Self.equal(storage.baseAddress! + from, field, length) {
                            return Int32(code)
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let found { return found }
        let code = Int32(values.count)
        storage.append(contentsOf: UnsafeBufferPointer(start: field, count: length))
        offsets.append(storage.count)
        values.append(String(decoding: UnsafeBufferPointer(start: field, count: length), as: UTF8.self))
        slots[slot] = code
        if values.count * 2 > slots.count { grow() }
        return code
    }

    func build() -> StringDictionary { StringDictionary(values.isEmpty ? [""] : values) }

    /// Adds `other`'s values (another part of the same column) and returns, for each of its
    /// codes, the code the value has here.
    func absorb(_ other: ByteDictionaryBuilder) -> [Int32] {
        other.storage.withUnsafeBufferPointer { bytes in
            other.values.indices.map { c in
                Int32(c) == other.empty ? emptyCode() : code(for: bytes, other.offsets[c], other.offsets[c + 1])
            }
        }
    }

    /// The code of the empty string, added on first use.
    private func emptyCode() -> Int32 {
        if let code = empty { return code }
        let code = Int32(values.count)
        values.append("")
        offsets.append(storage.count)
        empty = code
        if values.count * 2 > slots.count { grow() }
        return code
    }

    private func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        storage.withUnsafeBufferPointer { s in
            for code in values.indices where Int32(code) != empty {
                let hash = Self.hash(s.baseAddress! + offsets[code], offsets[code + 1] - offsets[code])
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(code)
            }
        }
    }

    /// A hash of `count` (at least one) bytes, eight at a time.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var i = 0
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < count {
            var tail: UInt64 = 0
            for k in i..<count { tail |= UInt64(p[k]) << UInt64((k - i) * 8) }
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
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
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

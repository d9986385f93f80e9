import QuarryBase

/// A growable run of bytes that output is formatted into: appends check capacity once and copy,
/// with no per-field `String`. One thread uses a buffer at a time.
final class ByteBuffer {
    // Only the thread that owns the buffer touches it, so the run-time exclusivity checks on
    // every append (a measurable share of writing) are left out.
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `n` more bytes.
    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private func grow(to needed: Int) {
        let newCapacity = max(capacity * 2, needed)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always) func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let n = bytes.count
        reserve(n)
        let target = UnsafeMutableRawPointer(base + count)
        if n <= 16 {
            // Most fields are short: two overlapping word copies beat a byte loop or a memmove call.
            if n >= 8 {
                target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                target.storeBytes(
                    of: source.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
            } else if n >= 4 {
                target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
                target.storeBytes(
                    of: source.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4, as: UInt32.self)
            } else {
                for i in 0..<n {
                    target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
                }
            }
        } else {
            target.copyMemory(from: source, byteCount: n)
        }
        count += n
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// The integer in decimal, by a digit loop.
    func append(int x: Int64) {
        reserve(20)
        var magnitude = x.magnitude
        if x < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let length = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var n = 0
            repeat {
                scratch[23 - n] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
                magnitude /= 10
                n += 1
            } while magnitude != 0
            UnsafeMutableRawPointer(base + count).copyMemory(from: scratch.baseAddress! + 24 - n, byteCount: n)
            return n
        }
        count += length
    }

    /// The float as `ValueFormatter.float` writes it: `nan`, `inf`, `-inf`, else the shortest
    /// text that reads back as the same double (short decimals by `FloatText`, the rest by
    /// `description`).
    func append(float x: Double) {
        if x.isFinite {
            reserve(FloatText.maxLength)
            let n = FloatText.write(x, to: base + count)
            if n > 0 {
                count += n
                return
            }
        }
        if x.isNaN {
            append(UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "n"))
        } else if x.isInfinite {
            if x < 0 { append(UInt8(ascii: "-")) }
            append(UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "f"))
        } else {
            append(x.description)
        }
    }

    private func append(_ a: UInt8, _ b: UInt8, _ c: UInt8) {
        reserve(3)
        base[count] = a
        base[count + 1] = b
        base[count + 2] = c
        count += 3
    }

    /// `YYYY-MM-DD`, as `CivilDate.format` writes it.
    func append(date days: Int32) {
        let (year, month, day) = CivilDate.civil(days)
        reserve(16)
        if year < 0 || year > 9999 {
            append(CivilDate.format(days))
            return
        }
        put(year, width: 4)
        base[count] = UInt8(ascii: "-")
        count += 1
        put(month, width: 2)
        base[count] = UInt8(ascii: "-")
        count += 1
        put(day, width: 2)
    }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`, as `Timestamp.format` writes it.
    func append(timestamp micros: Int64) {
        let days = Timestamp.days(micros)
        var rest = micros - Timestamp.from(days: days)
        var fraction = Int(rest % Timestamp.microsPerSecond)
        rest /= Timestamp.microsPerSecond
        append(date: days)
        reserve(16)
        base[count] = UInt8(ascii: " ")
        count += 1
        put(Int(rest / 3600), width: 2)
        base[count] = UInt8(ascii: ":")
        count += 1
        put(Int(rest / 60 % 60), width: 2)
        base[count] = UInt8(ascii: ":")
        count += 1
        put(Int(rest % 60), width: 2)
        guard fraction > 0 else { return }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        base[count] = UInt8(ascii: ".")
        count += 1
        put(fraction, width: digits)
    }

    /// `value` (0 or more) in at least `width` digits, zero-padded; room must be reserved.
    @inline(__always) private func put(_ value: Int, width: Int) {
        guard value >= 0 else { return append(String(value)) }
        var length = 1
        var limit = 10
        while value >= limit, length < 19 {
            length += 1
            limit &*= 10
        }
        let n = max(width, length)
        reserve(n)
        var v = value
        for i in stride(from: n - 1, through: 0, by: -1) {
            base[count + i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
        }
        count += n
    }
}

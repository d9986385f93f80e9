/// Finite doubles in the text `description` gives them, written straight into a buffer for the
/// common case: a value that is a short decimal with at most `maxFraction` fraction digits, inside
/// the range `description` writes without an exponent. Anything else is left to `description`.
///
/// Why the digits are the same: whole numbers up to 2^53 are exact. Otherwise `k` is the most
/// fraction digits (up to `maxFraction`) with `ulp(x) * 10^k` at most 1/16, and the candidate is
/// `m = round(|x| * 10^k)`. Then at most one multiple of `10^-k` reads back as `x` (the shortest
/// text is unique, with no ties to break and no midpoint between two doubles), and if one does,
/// it is within 1/16 of `|x| * 10^k`, so the rounding finds it. `Double(m) / 10^k == |x|` (exact
/// operands, a correctly rounded division) proves that it reads back, and stripping the trailing
/// zeros of its fraction gives the fewest digits, since a shorter decimal would be a multiple of
/// `10^-k` too.
enum FloatText {
    /// The most fraction digits the fast path tries; longer decimals go through `description`.
    static let maxFraction = 8

    /// Bytes a caller must have room for at `out`.
    static let maxLength = 24

    /// Writes finite `x` at `out` as `x.description` would and returns the byte count, or returns
    /// 0 (writing nothing useful) when `x` is not a case handled here.
    @inline(__always) static func write(_ x: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = x.magnitude
        var n = 0
        if x.sign == .minus {
            out[0] = UInt8(ascii: "-")
            n = 1
        }
        if magnitude == 0 {
            out[n] = UInt8(ascii: "0")
            out[n + 1] = UInt8(ascii: ".")
            out[n + 2] = UInt8(ascii: "0")
            return n + 3
        }
        // `description` switches to an exponent below 0.0001 and above 2^53.
        guard magnitude >= 1e-4, magnitude <= 0x1p53 else { return 0 }
        if Double(Int64(magnitude)) == magnitude {
            n += digits(Int64(magnitude), width: 0, at: out + n)
            out[n] = UInt8(ascii: ".")
            out[n + 1] = UInt8(ascii: "0")
            return n + 2
        }
        // The most fraction digits `k` for which a multiple of 10^-k that reads back is unique.
        let ulp = magnitude.ulp
        var k = maxFraction
        while ulp * power(k) > 0x1p-4 {
            if k == 1 { return 0 }
            k -= 1
        }
        let scale = power(k)
        // Below 2^49 here, so the sum is exact enough that truncating rounds to nearest.
        let m = Int64(magnitude * scale + 0.5)
        guard Double(m) / scale == magnitude else { return 0 }
        // The whole part is x's: an integer between x and the decimal would read back as x.
        let whole = Int64(magnitude)
        var fraction = m &- whole &* Int64(scale)
        if fraction % 10_000 == 0, k >= 4 {
            fraction /= 10_000
            k -= 4
        }
        if fraction % 100 == 0, k >= 2 {
            fraction /= 100
            k -= 2
        }
        if fraction % 10 == 0 {
            fraction /= 10
            k -= 1
        }
        n += digits(whole, width: 0, at: out + n)
        out[n] = UInt8(ascii: ".")
        return n + 1 + digits(fraction, width: k, at: out + n + 1)
    }

    /// 10^k for `k` in 0...`maxFraction`, exact.
    @inline(__always) private static func power(_ k: Int) -> Double {
        switch k {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        default: 1e8
        }
    }

    /// `value` in decimal at `out`, zero-padded to `width` digits (0: as many as it needs).
    @inline(__always) private static func digits(_ value: Int64, width: Int, at out: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 1
        var limit: Int64 = 10
        while value >= limit, length < 19 {
            length += 1
            limit &*= 10
        }
        let n = max(width, length)
        // Two digits a step, so the chain of divisions is half as long.
        var v = value
        var i = n
        while i >= 2 {
            let pair = v % 100
            v /= 100
            i -= 2
            out[i] = UInt8(truncatingIfNeeded: pair / 10) &+ 48
            out[i + 1] = UInt8(truncatingIfNeeded: pair % 10) &+ 48
        }
        if i == 1 { out[0] = UInt8(truncatingIfNeeded: v) &+ 48 }
        return n
    }
}

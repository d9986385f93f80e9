import XCTest

@testable import QuarryIO

/// `ByteBuffer.append(float:)` against `description`, byte for byte, on doubles of every shape:
/// random bits, short decimals at many magnitudes, whole numbers around 2^53, neighbours of the
/// powers of ten and of the points where `description` switches to an exponent.
final class FloatTextTests: XCTestCase {
    /// A seeded generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Compares the buffer's text with `description` for each value and its negation, and
    /// reports the first few that differ.
    final class Checker {
        let out = ByteBuffer(capacity: 64)
        var checked = 0
        var failures: [String] = []

        func check(_ x: Double) {
            compare(x)
            compare(-x)
        }

        private func compare(_ x: Double) {
            out.count = 0
            out.append(float: x)
            checked += 1
            var expected = x.description
            let same = expected.withUTF8 { $0.count == out.count && memcmp($0.baseAddress!, out.base, out.count) == 0 }
            if !same, failures.count < 10 {
                failures.append(
                    "bits \(String(x.bitPattern, radix: 16)): \(String(decoding: out.bytes, as: UTF8.self)), not \(expected)")
            }
        }

        /// `x` and `count` neighbours either side of it.
        func checkAround(_ x: Double, count: Int) {
            check(x)
            var up = x
            var down = x
            for _ in 0..<count {
                up = up.nextUp
                down = down.nextDown
                check(up)
                check(down)
            }
        }
    }

    func testRandomBitPatterns() {
        var rng = SplitMix(state: 1)
        let checker = Checker()
        for _ in 0..<300_000 {
            let x = Double(bitPattern: rng.next())
            if x.isFinite { checker.check(x) }
        }
        XCTAssertEqual(checker.failures, [])
    }

    /// `m / 10^k` for `k` up to 12 with `m` of 1 to 17 digits, so most are short decimals the
    /// fast path takes and some are just past what it takes.
    func testShortDecimals() {
        var rng = SplitMix(state: 2)
        let checker = Checker()
        for _ in 0..<400_000 {
            let r = rng.next()
            let k = Int(r % 13)
            let digits = Int((r >> 8) % 17) + 1
            checker.check(Double(rng.next() % Self.powers[digits]) / Double(Self.powers[k]))
        }
        // The typical shapes: one or two decimals below 100000, percentages, money.
        for _ in 0..<150_000 {
            checker.check(Double(rng.next() % 1_000_001) / 10)
            checker.check(Double(rng.next() % 10_001) / 100)
            checker.check(Double(rng.next() % 100_000_001) / 100)
        }
        XCTAssertEqual(checker.failures, [])
    }

    func testWholeNumbersAroundTwoToThe53() {
        var rng = SplitMix(state: 3)
        let checker = Checker()
        for _ in 0..<200_000 {
            checker.check(Double(rng.next() >> 10))
            checker.check(Double(rng.next() % 1_000_000))
        }
        for shift in 40...56 { checker.checkAround(Double(sign: .plus, exponent: shift, significand: 1), count: 300) }
        XCTAssertEqual(checker.failures, [])
    }

    /// The neighbours of every power of ten and of its multiples by 1 to 9, where the shortest
    /// text changes length.
    func testAroundPowersOfTen() {
        let checker = Checker()
        for exponent in -10...20 {
            for leading in 1...9 {
                checker.checkAround(Double("\(leading)e\(exponent)")!, count: leading == 1 ? 200 : 20)
            }
        }
        XCTAssertEqual(checker.failures, [])
    }

    /// Zero, subnormals, the extremes, and the edges of the plain form: 0.0001 and 2^53.
    func testEdges() {
        var rng = SplitMix(state: 4)
        let checker = Checker()
        for x in [
            0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1e-4, 9.9999e-5, 1e-5, 0x1p53, 1e15,
            1e16, 0x1p-14, 0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 16334.5, 3,
        ] {
            checker.checkAround(x, count: 100)
        }
        for _ in 0..<50_000 {
            checker.check(Double(bitPattern: rng.next() >> 12))
            checker.check(Double(bitPattern: Double.greatestFiniteMagnitude.bitPattern - rng.next() >> 12))
        }
        XCTAssertEqual(checker.failures, [])
    }

    /// The short decimals typical data holds do take the fast path, and the rest do not.
    func testFastPathTakesTypicalValues() {
        var scratch = [UInt8](repeating: 0, count: FloatText.maxLength)
        func fast(_ x: Double) -> Bool { scratch.withUnsafeMutableBufferPointer { FloatText.write(x, to: $0.baseAddress!) > 0 } }
        for x in [0.0, -0.0, 3, 16334.5, 12.34, -99.99, 0.0001, 0.001, 0x1p53, 1e15, 123_456.789, 1.5e-4, 0.12345678] {
            XCTAssertTrue(fast(x), "\(x)")
        }
        for x in [1e-5, 9.9999e-5, 1e16, 0x1p53 + 2, 0.1 + 0.2, 1 / 3, 0.123456789, .leastNonzeroMagnitude] {
            XCTAssertFalse(fast(x), "\(x)")
        }
    }

    /// 10^0 through 10^17.
    static let powers: [UInt64] = (0...17).map { k in (0..<k).reduce(1) { product, _ in product * 10 } }
}

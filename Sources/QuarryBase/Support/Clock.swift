import Glibc

/// Monotonic time for `--timer`.
public enum Clock {
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Seconds since `start`, with four decimals.
    public static func seconds(since start: Double) -> String {
        let tenThousandths = Int(((now() - start) * 10_000).rounded())
        let whole = tenThousandths / 10_000
        let fraction = String(tenThousandths % 10_000)
        return "\(whole)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}

import Glibc

/// Splits a kernel's rows between the cores: each part starts on a 64-row boundary, so no two
/// parts share a validity word, and each part accumulates into its own arrays, merged at the end.
package enum RowParts {
    /// Parts smaller than this cost more to hand to a thread than they save.
    @usableFromInline package static let minimumRows = 1 << 18
    @usableFromInline package static let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// Row ranges covering `0..<count`: one when the input is small, or when each part would need
    /// accumulators for `groups` groups that are not few next to its rows; else a few per core.
    /// More parts than cores, because a sleeping worker thread can take milliseconds to wake:
    /// the threads already running then take the parts it has not started.
    @inlinable package static func split(_ count: Int, groups: Int = 0) -> [Range<Int>] {
        let parts = max(1, min(4 * cores, count / minimumRows))
        guard parts > 1, groups <= count / 16 else { return [0..<count] }
        let step = (count / parts + 63) & ~63
        return (0..<parts).map { part in
            let start = min(part * step, count)
            return start..<(part == parts - 1 ? count : min(start + step, count))
        }
    }

    /// Runs `work` once per part (concurrently when there are several); results in row order.
    @inlinable package static func map<T>(_ count: Int, groups: Int = 0, _ work: (Range<Int>) -> T) -> [T] {
        let ranges = split(count, groups: groups)
        let results = ParallelParts<T>(count: ranges.count)
        results.run { work(ranges[$0]) }
        return results.values
    }
}

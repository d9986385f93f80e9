@preconcurrency import Glibc

/// How much memory a load or an operator may still take, asked before it allocates a lot, so
/// running out is an error that keeps every table rather than an abort that loses the session.
///
/// What is left is the least of: the memory the system has available (`MemAvailable` in
/// `/proc/meminfo`), the address space under the process's `RLIMIT_AS` (`ulimit -v`) not yet
/// mapped, a cgroup's memory limit less its usage, and the user's ceiling (`--memory-limit`,
/// `.memory`) less the process's resident memory.
public struct MemoryBudget: Sendable, Equatable {
    /// The user's ceiling on the process's memory, in bytes; nil for none.
    public var ceiling: Int?

    public init(ceiling: Int? = nil) { self.ceiling = ceiling }

    /// What bounds the memory left, for messages and hints.
    public enum Bound: Sendable, Equatable {
        case ceiling, addressSpace, cgroup, available

        /// `the memory limit (--memory-limit, .memory)`
        public var name: String {
            switch self {
            case .ceiling: "the memory limit (--memory-limit or .memory)"
            case .addressSpace: "the address space limit (ulimit -v)"
            case .cgroup: "the container's memory limit (cgroup)"
            case .available: "the system's available memory"
            }
        }

        public var hint: String {
            switch self {
            case .ceiling: "raise the limit (.memory SIZE, --memory-limit SIZE), or work on less data"
            case .addressSpace: "raise `ulimit -v`, or work on less data"
            case .cgroup: "give the container more memory, or work on less data"
            case .available: "close other programs, or work on less data"
            }
        }
    }

    /// The bytes that may still be allocated, and what bounds them.
    public struct Left: Sendable, Equatable {
        public var bytes: Int
        public var bound: Bound
    }

    /// What is left now (read from the system each time: it changes as memory is used).
    public func left() -> Left {
        var best = Left(bytes: Int.max, bound: .available)
        func consider(_ bytes: Int?, _ bound: Bound) {
            if let bytes, bytes < best.bytes { best = Left(bytes: max(0, bytes), bound: bound) }
        }
        consider(MemoryBudget.availableMemory(), .available)
        if let limit = MemoryBudget.addressSpaceLimit() {
            consider(limit - (MemoryBudget.processMemory()?.virtual ?? 0), .addressSpace)
        }
        if let (limit, usage) = MemoryBudget.cgroupLimit() { consider(limit - usage, .cgroup) }
        if let ceiling { consider(ceiling - (MemoryBudget.processMemory()?.resident ?? 0), .ceiling) }
        return best
    }

    /// Below this, an allocation is not checked: reading the limits would cost more than it risks.
    public static let unchecked = 16 << 20

    /// Throws `outOfMemory` when `bytes` more would not fit in what is left; `what` says what
    /// would need them, as in `this join would make 2.1 billion rows`.
    public func check(_ bytes: Int, for what: String, file: String? = nil, range: SourceRange? = nil) throws(Diagnostic) {
        guard bytes >= MemoryBudget.unchecked else { return }
        let left = left()
        guard bytes > left.bytes else { return }
        var error = Diagnostic.outOfMemory(what, needs: bytes, left: left, file: file)
        error.range = range
        throw error
    }

    // MARK: Reading the system

    /// `MemAvailable` from `/proc/meminfo`, in bytes.
    static func availableMemory() -> Int? {
        guard let text = readSmallFile("/proc/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    /// The soft `RLIMIT_AS`, or nil when unlimited.
    static func addressSpaceLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else {
            return nil
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// The process's mapped (virtual) and resident bytes, from `/proc/self/statm`.
    public static func processMemory() -> (virtual: Int, resident: Int)? {
        guard let text = readSmallFile("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ").prefix(2).compactMap { Int($0) }
        guard fields.count == 2 else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        return (fields[0] * page, fields[1] * page)
    }

    /// A cgroup's memory limit and usage (cgroup v2, else v1), or nil when there is no limit.
    static func cgroupLimit() -> (limit: Int, usage: Int)? {
        let files = [
            ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
            ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
        ]
        for (limitFile, usageFile) in files {
            guard let text = readSmallFile(limitFile) else { continue }
            // `max` (v2) or a huge number (v1) means no limit.
            guard let limit = Int(text.trimmingSpaces), limit < 1 << 60 else { return nil }
            let usage = readSmallFile(usageFile).flatMap { Int($0.trimmingSpaces) } ?? 0
            return (limit, usage)
        }
        return nil
    }

    /// A small file under /proc or /sys, whole; nil when it cannot be read.
    static func readSmallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = fread(&buffer, 1, buffer.count, file)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
    }
}

extension DataType {
    /// Bytes one value takes in a column (a string's code; its text lives in the dictionary).
    public var valueWidth: Int {
        switch self {
        case .int, .float, .timestamp: 8
        case .date, .string, .null: 4
        case .bool: 1
        }
    }
}

import Dispatch

/// Runs one closure per part on all cores and keeps each part's result in its own slot.
package final class ParallelParts<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    package let count: Int

    package init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// Calls `work` for parts 0..<count, concurrently when there are several; each call writes
    /// only its own slot, so no two threads touch the same memory.
    package func run(_ work: (Int) -> T) {
        if count == 1 {
            slots[0] = work(0)
            return
        }
        withoutActuallyEscaping(work) { work in
            let box = UncheckedBox(work)
            DispatchQueue.concurrentPerform(iterations: count) { i in self.slots[i] = box.value(i) }
        }
    }

    /// The results, in part order.
    package var values: [T] { (0..<count).map { slots[$0]! } }
}

/// Lets a value cross to worker threads that only read it.
package struct UncheckedBox<V>: @unchecked Sendable {
    package let value: V
    package init(_ value: V) { self.value = value }
}

/// The bytes of a mapped file, read (never written) by several threads.
package struct SharedBytes: @unchecked Sendable {
    package let bytes: UnsafeBufferPointer<UInt8>
    package init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
}

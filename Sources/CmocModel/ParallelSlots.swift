import Synchronization

/// One result per index, filled in by parallel work (the lanes of `DispatchQueue.concurrentPerform`)
/// and read once all of it is done, in index order whatever order the work finished in.
public final class ParallelSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    public init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    public func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }

    /// Every slot, nil where nothing was set.
    public var values: [Value?] { slots.withLock { $0 } }
}

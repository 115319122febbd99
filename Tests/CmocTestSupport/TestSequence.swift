/// The same pseudo-random numbers on every machine, for the differential tests that compare a fast
/// path with its reference on generated input (a 64-bit linear congruential generator, high bits).
public struct TestSequence: Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64-bit state (for tests that want raw bits: hashes, a coin from the top bit).
    public mutating func nextWord() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int { Int((nextWord() >> 33) % UInt64(bound)) }
}

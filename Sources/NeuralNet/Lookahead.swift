/// airbench's Lookahead (Zhang et al. 2019) with an exponential average as the slow weights:
/// every few steps the slow copy moves toward the network's state, and the network is reset to it.
///
///     slow ← d·slow + (1 − d)·θ,   θ ← slow        for every weight, bias and moving statistic
///
/// with the decay d from a schedule (airbench: 0.95⁵·(step/total)³, and d = 1 at the end, which
/// leaves the slow copy as it is and puts it into the network).
public final class Lookahead<T: Scalar> {
    private let tensors: [Tensor<T>]
    private let slow: [Tensor<T>]

    /// Follows `network`'s parameters and buffers, from their values now.
    public init(_ network: Sequential<T>) {
        tensors = network.parameters.map(\.value) + network.buffers.map(\.value)
        slow = tensors.map { Tensor(shape: $0.shape, values: $0.values) }
    }

    /// The slow copy, to save with the weights and resume training exactly.
    public var state: [[Float]] { slow.map { $0.values.map { Float($0) } } }

    /// Restores a saved slow copy; throws if it does not fit the network.
    public func restore(_ state: [[Float]]) throws {
        guard state.map(\.count) == slow.map(\.count) else {
            throw ArchitectureError(description: "lookahead state does not match the model's parameters")
        }
        for (tensor, values) in zip(slow, state) { tensor.assign(values.map { T($0) }) }
    }

    /// slow ← d·slow + (1 − d)·θ, then θ ← slow.
    public func update(decay: Double) {
        let weight = T(1 - decay)
        for (theta, average) in zip(tensors, slow) {
            ParallelLoop.forEachRange(theta.count, grain: ParallelLoop.grain) { r in
                lookaheadUpdate(
                    theta.pointer + r.lowerBound, average.pointer + r.lowerBound, count: r.count, weight: weight)
            }
        }
    }
}

/// slow ← lerp(slow, θ, w), θ ← slow, with PyTorch's `lerp_` arithmetic: a tensor that has not
/// moved (slow = θ, such as a frozen one) stays exactly as it is.
@_specialize(where T == Float)
@_specialize(where T == Double)
func lookaheadUpdate<T: Scalar>(
    _ theta: UnsafeMutablePointer<T>, _ slow: UnsafeMutablePointer<T>, count: Int, weight: T
) {
    let complement = 1 - weight
    for i in 0..<count {
        let s = weight < 0.5 ? slow[i] + weight * (theta[i] - slow[i]) : theta[i] - (theta[i] - slow[i]) * complement
        slow[i] = s
        theta[i] = s
    }
}

/// Inverted dropout: in training each element is kept with probability 1 − rate and scaled by
/// 1 / (1 − rate), so that inference is the identity.
///
///   training   y = x ⊙ m,  m_i = 1/(1 − rate) if u_i ≥ rate else 0,  u_i uniform in [0, 1)
///   backward   dx = dy ⊙ m
///
/// u_i is a hash of (the layer's seed, the training step, i): no generator state to carry, so a
/// run resumed at step t draws exactly the masks it would have drawn, and a fixed mask is just a
/// fixed step (what the gradient check uses).
public final class Dropout<T: Scalar>: Layer {
    public let kind = LayerKind.dropout
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var parameters: [Parameter<T>] { [] }
    public let rate: Double
    public let seed: UInt64

    private var mask = Workspace<T>()  // (N, …) as the input: the factor of each element
    private var output = Workspace<T>()
    private var inputGradient = Workspace<T>()
    private var dropped = false

    public init(shape: [Int], rate: Double, seed: UInt64) {
        precondition(rate >= 0 && rate < 1, "dropout rate \(rate) is outside [0, 1)")
        inputShape = shape
        self.rate = rate
        self.seed = seed
    }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        guard case .training(let step) = phase, rate > 0 else {
            dropped = false
            return x
        }
        let m = mask.view(x.shape)
        let y = output.view(x.shape)
        fillDropoutMask(m.pointer, count: x.count, rate: rate, stream: SeededGenerator.hash(seed, UInt64(step)))
        multiply(x.pointer, m.pointer, y.pointer, count: x.count)
        dropped = true
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard needsInputGradient else { return nil }
        guard dropped else { return dy }
        let dx = inputGradient.view(dy.shape)
        multiply(dy.pointer, mask.view(dy.shape).pointer, dx.pointer, count: dy.count)
        return dx
    }
}

/// m_i = 1/(1 − rate) where the hash of (stream, i) maps to u_i ≥ rate, else 0.
@_specialize(where T == Float)
@_specialize(where T == Double)
func fillDropoutMask<T: Scalar>(_ m: UnsafeMutablePointer<T>, count: Int, rate: Double, stream: UInt64) {
    let keep = T(1 / (1 - rate))
    for i in 0..<count {
        let u = Double(SeededGenerator.hash(stream, UInt64(i)) >> 11) * 0x1p-53
        m[i] = u >= rate ? keep : 0
    }
}

/// z = x ⊙ y, element-wise.
@_specialize(where T == Float)
@_specialize(where T == Double)
func multiply<T: Scalar>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ z: UnsafeMutablePointer<T>, count: Int) {
    for i in 0..<count { z[i] = x[i] * y[i] }
}

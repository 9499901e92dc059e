/// The Gaussian error linear unit, x·Φ(x) with Φ the standard normal's distribution function, in
/// its exact (erf) form, PyTorch's `nn.GELU()` default. Element-wise.
///
///   forward   y = x·Φ(x),  Φ(x) = ½·(1 + erf(x/√2))
///   backward  dx = dy·(Φ(x) + x·φ(x)),  φ(x) = e^(−x²/2)/√(2π)
///
/// The forward pass computes the derivative beside y and keeps it, so backward is one product
/// per element and needs neither x nor a second erf.
public final class GELU<T: Scalar>: Layer {
    public let kind = LayerKind.gelu
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var parameters: [Parameter<T>] { [] }

    private var output = Workspace<T>()  // (N, …) as the input
    private var slope = Workspace<T>()  // dy/dx at each element of the last forward pass
    private var inputGradient = Workspace<T>()  // (N, …) as the input

    public init(shape: [Int]) { inputShape = shape }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        let y = output.view(x.shape)
        let d = slope.view(x.shape)
        ParallelLoop.forEachRange(x.count, grain: ParallelLoop.grain / 8) { r in
            geluForward(x.pointer + r.lowerBound, y.pointer + r.lowerBound, d.pointer + r.lowerBound, count: r.count)
        }
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard needsInputGradient else { return nil }
        let dx = inputGradient.view(dy.shape)
        let d = slope.view(dy.shape)
        ParallelLoop.forEachRange(dy.count, grain: ParallelLoop.grain) { r in
            multiply(dy.pointer + r.lowerBound, d.pointer + r.lowerBound, dx.pointer + r.lowerBound, count: r.count)
        }
        return dx
    }
}

@_specialize(where T == Float)
@_specialize(where T == Double)
func geluForward<T: Scalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ slope: UnsafeMutablePointer<T>, count: Int
) {
    let inverseRootTwo = T(0.707_106_781_186_547_524_4)
    let inverseRootTwoPi = T(0.398_942_280_401_432_677_9)
    for i in 0..<count {
        let v = x[i]
        let cdf = T(0.5) * (1 + errorFunction(v * inverseRootTwo))
        y[i] = v * cdf
        slope[i] = cdf + v * inverseRootTwoPi * exponential(-T(0.5) * v * v)
    }
}

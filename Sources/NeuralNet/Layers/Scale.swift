/// y = s·x for a constant s fixed with the architecture (airbench's `Mul(1/9)` on its logits):
/// no parameters. Element-wise.
public final class Scale<T: Scalar>: Layer {
    public let kind = LayerKind.scale
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var parameters: [Parameter<T>] { [] }
    public let factor: T

    private var output = Workspace<T>()  // (N, …) as the input
    private var inputGradient = Workspace<T>()  // (N, …) as the input

    public init(shape: [Int], factor: Double) {
        inputShape = shape
        self.factor = T(factor)
    }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        scaled(x, into: output.view(x.shape))
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        needsInputGradient ? scaled(dy, into: inputGradient.view(dy.shape)) : nil
    }

    private func scaled(_ x: Tensor<T>, into y: Tensor<T>) -> Tensor<T> {
        let s = factor
        ParallelLoop.forEachRange(x.count, grain: ParallelLoop.grain) { r in
            scale(x.pointer + r.lowerBound, by: s, into: y.pointer + r.lowerBound, count: r.count)
        }
        return y
    }
}

@_specialize(where T == Float)
@_specialize(where T == Double)
func scale<T: Scalar>(_ x: UnsafePointer<T>, by s: T, into y: UnsafeMutablePointer<T>, count: Int) {
    for i in 0..<count { y[i] = s * x[i] }
}

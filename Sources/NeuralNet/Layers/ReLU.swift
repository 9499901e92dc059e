/// max(x, 0), element-wise.
///
///   forward   y = max(x, 0)
///   backward  dx = dy where y > 0, else 0
///
/// Each pass is a trip through memory for one comparison per element, so between a conv or
/// dense layer and a max pooling `Sequential` folds it into those two (`rectify` below is what
/// they call) and this layer is not in the network at all.
public final class ReLU<T: Scalar>: Layer {
    public let kind = LayerKind.relu
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var parameters: [Parameter<T>] { [] }

    private var output = Workspace<T>()  // (N, …) as the input
    private var inputGradient = Workspace<T>()  // (N, …) as the input

    public init(shape: [Int]) { inputShape = shape }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        let y = output.view(x.shape)
        Self.rectify(x, into: y)
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard needsInputGradient else { return nil }
        let dx = inputGradient.view(dy.shape)
        Self.mask(dy, where: output.view(dy.shape), into: dx)
        return dx
    }

    /// y = max(x, 0) on both cores; y may be x.
    static func rectify(_ x: Tensor<T>, into y: Tensor<T>) {
        ParallelLoop.forEachRange(x.count, grain: ParallelLoop.grain) { r in
            reluForward(x.pointer + r.lowerBound, y.pointer + r.lowerBound, count: r.count)
        }
    }

    /// dx = dy where y > 0, else 0, on both cores; dx may be dy.
    static func mask(_ dy: Tensor<T>, where y: Tensor<T>, into dx: Tensor<T>) {
        ParallelLoop.forEachRange(y.count, grain: ParallelLoop.grain) { r in
            reluBackward(y.pointer + r.lowerBound, dy.pointer + r.lowerBound, dx.pointer + r.lowerBound, count: r.count)
        }
    }
}

@_specialize(where T == Float)
@_specialize(where T == Double)
func reluForward<T: Scalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) {
    for i in 0..<count { y[i] = Swift.max(x[i], 0) }
}

@_specialize(where T == Float)
@_specialize(where T == Double)
func reluBackward<T: Scalar>(_ y: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, count: Int) {
    // Both loads first, then a select: a branch on the sign would be mispredicted half the time.
    for i in 0..<count {
        let g = dy[i]
        dx[i] = y[i] > 0 ? g : 0
    }
}

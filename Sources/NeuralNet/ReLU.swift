/// max(x, 0), element-wise.  Backward: dx = dy where y > 0, else 0.
///
/// Each pass is a trip through memory for one comparison per element, so `Sequential` folds
/// them into the neighbours where it can (see `Sequential.fuseActivations`): a conv or dense
/// layer before it applies the max itself, and a max pooling after it routes gradient only to
/// positive maxima, which is this layer's backward. What is left here is then a pass-through.
public final class ReLU<T: Scalar>: Layer {
    public let kind = "relu"
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var parameters: [Parameter<T>] { [] }
    public var computesInputGradient = true

    private var output = Workspace<T>()         // same shape as the input
    private var inputGradient = Workspace<T>()
    private var lastOutput: Tensor<T>?
    /// The layer before rectifies its own output: forward passes its input through.
    public internal(set) var isAppliedByPreviousLayer = false
    /// The layer after passes gradient only where this output is positive: backward passes dy through.
    public internal(set) var isMaskedByNextLayer = false

    public init(shape: [Int]) { inputShape = shape }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        if isAppliedByPreviousLayer {
            lastOutput = x
            return x
        }
        let y = output.view(x.shape)
        Self.rectify(x, into: y)
        lastOutput = y
        return y
    }

    /// y = max(x, 0) on both cores; y may be x. Also what a conv or dense layer does to its own
    /// output when this layer is folded into it.
    static func rectify(_ x: Tensor<T>, into y: Tensor<T>) {
        ParallelLoop.forEachRange(x.count, grain: ParallelLoop.grain) { r in
            T.reluForward(x.pointer + r.lowerBound, y.pointer + r.lowerBound, count: r.count)
        }
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let y = lastOutput else { preconditionFailure("relu backward before forward") }
        if isMaskedByNextLayer { return dy }
        let dx = inputGradient.view(y.shape)
        ParallelLoop.forEachRange(y.count, grain: ParallelLoop.grain) { r in
            T.reluBackward(y.pointer + r.lowerBound, dy.pointer + r.lowerBound, dx.pointer + r.lowerBound, count: r.count)
        }
        return dx
    }
}

/// The loops of ReLU, as requirements with default implementations in this file, so that
/// Float and Double each get a compiled copy (see `Scalar`). Internal to the engine.
public protocol ReLUKernels: BinaryFloatingPoint {
    static func reluForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int)
    static func reluBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, count: Int)
}

extension ReLUKernels {
    public static func reluForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int) {
        for i in 0..<count { y[i] = Swift.max(x[i], 0) }
    }

    public static func reluBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, count: Int) {
        // Both loads first, then a select: a branch on the sign would be mispredicted half the time.
        for i in 0..<count {
            let g = dy[i]
            dx[i] = y[i] > 0 ? g : 0
        }
    }
}

extension Float: ReLUKernels {}
extension Double: ReLUKernels {}

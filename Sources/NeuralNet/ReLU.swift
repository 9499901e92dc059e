/// max(x, 0), element-wise.  Backward: dx = dy where y > 0, else 0.
public final class ReLU<T: Scalar>: Layer {
    public let kind = "relu"
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var parameters: [Parameter<T>] { [] }
    public var computesInputGradient = true

    private var output = Workspace<T>()         // same shape as the input
    private var inputGradient = Workspace<T>()
    private var lastOutput: Tensor<T>?

    public init(shape: [Int]) { inputShape = shape }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        let y = output.view(x.shape)
        T.reluForward(x.pointer, y.pointer, count: x.count)
        lastOutput = y
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let y = lastOutput else { preconditionFailure("relu backward before forward") }
        let dx = inputGradient.view(y.shape)
        T.reluBackward(y.pointer, dy.pointer, dx.pointer, count: y.count)
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

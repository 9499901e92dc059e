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
        reluForward(x.pointer, y.pointer, count: x.count)
        lastOutput = y
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let y = lastOutput else { preconditionFailure("relu backward before forward") }
        let dx = inputGradient.view(y.shape)
        reluBackward(y.pointer, dy.pointer, dx.pointer, count: y.count)
        return dx
    }
}

@_specialize(where T == Float)
func reluForward<T: Scalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) {
    for i in 0..<count { y[i] = x[i] > 0 ? x[i] : 0 }
}

@_specialize(where T == Float)
func reluBackward<T: Scalar>(_ y: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, count: Int) {
    for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : 0 }
}

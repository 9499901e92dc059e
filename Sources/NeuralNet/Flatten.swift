/// (N, H, W, C) → (N, H·W·C), in NHWC order (Keras'): a new view of the same elements when the
/// input is NHWC, a copy out of oneDNN's channel blocks when it is blocked (`ActivationLayout`).
public final class Flatten<T: Scalar>: Layer {
    public let kind = "flatten"
    public let inputShape: [Int]
    public let outputShape: [Int]
    public var parameters: [Parameter<T>] { [] }
    public var computesInputGradient = true
    /// Set by `Sequential` when the layer before leaves its output in channel blocks.
    public internal(set) var inputLayout = ActivationLayout.nhwc

    private var output = Workspace<T>()
    private var inputGradient = Workspace<T>()

    public init(inputShape: [Int]) {
        self.inputShape = inputShape
        outputShape = [inputShape.reduce(1, *)]
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        guard inputLayout != .nhwc else { return x.reshaped(batchShape(x.batchSize, outputShape)) }
        let y = output.view(batchShape(x.batchSize, outputShape))
        ActivationLayout.convert(x.pointer, from: inputLayout, to: y.pointer, .nhwc, batch: x.batchSize,
                                 height: inputShape[0], width: inputShape[1], channels: inputShape[2])
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard inputLayout != .nhwc else { return dy.reshaped(batchShape(dy.batchSize, inputShape)) }
        let dx = inputGradient.view(batchShape(dy.batchSize, inputShape))
        ActivationLayout.convert(dy.pointer, from: .nhwc, to: dx.pointer, inputLayout, batch: dy.batchSize,
                                 height: inputShape[0], width: inputShape[1], channels: inputShape[2])
        return dx
    }
}

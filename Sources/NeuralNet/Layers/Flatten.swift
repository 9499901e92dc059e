/// (N, H, W, C) → (N, H·W·C), in NHWC order (Keras'): a new view of the same elements when the
/// input is NHWC, a copy out of oneDNN's channel blocks when it is blocked (`ActivationLayout`).
public final class Flatten<T: Scalar>: Layer {
    public let kind = LayerKind.flatten
    public let inputShape: [Int]  // (H, W, C)
    public let outputShape: [Int]  // (H·W·C)
    public var parameters: [Parameter<T>] { [] }
    /// How the layer before leaves its output in memory.
    public let inputLayout: ActivationLayout

    private var output = Workspace<T>()  // (N, H·W·C), only for a blocked input
    private var inputGradient = Workspace<T>()  // (N, H, W, C), likewise

    public init(inputShape: [Int], inputLayout: ActivationLayout = .nhwc) {
        self.inputShape = inputShape
        self.inputLayout = inputLayout
        outputShape = [inputShape.reduce(1, *)]
    }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        guard inputLayout != .nhwc else { return x.reshaped(batchShape(x.batchSize, outputShape)) }
        let y = output.view(batchShape(x.batchSize, outputShape))
        ActivationLayout.convert(
            x.pointer, from: inputLayout, to: y.pointer, .nhwc, batch: x.batchSize,
            height: inputShape[0], width: inputShape[1], channels: inputShape[2])
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard needsInputGradient else { return nil }
        guard inputLayout != .nhwc else { return dy.reshaped(batchShape(dy.batchSize, inputShape)) }
        let dx = inputGradient.view(batchShape(dy.batchSize, inputShape))
        ActivationLayout.convert(
            dy.pointer, from: .nhwc, to: dx.pointer, inputLayout, batch: dy.batchSize,
            height: inputShape[0], width: inputShape[1], channels: inputShape[2])
        return dx
    }
}

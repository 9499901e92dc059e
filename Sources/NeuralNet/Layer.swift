/// One stage of a network with an explicit forward and backward pass.
///
/// Shapes are per sample (`[C, H, W]` or `[features]`); tensors passed in and out carry the batch
/// size first. `backward` must follow the `forward` of the same batch: it reads what forward
/// kept. It writes the gradients of the layer's parameters (each parameter is used once per
/// step, so they are overwritten, not accumulated) and returns the gradient of its input.
public protocol Layer<T>: AnyObject {
    associatedtype T: Scalar
    /// Keras-style name: "dense", "conv2d", "max_pooling2d", "relu", "flatten".
    var kind: String { get }
    var inputShape: [Int] { get }
    var outputShape: [Int] { get }
    var parameters: [Parameter<T>] { get }
    /// False for the first layer of a network, whose input gradient nobody reads.
    var computesInputGradient: Bool { get set }
    func forward(_ input: Tensor<T>) -> Tensor<T>
    func backward(_ outputGradient: Tensor<T>) -> Tensor<T>
}

/// A layer that can apply max(·, 0) to its output itself, when a ReLU follows it (see
/// `Sequential.fuseActivations`). Its backward is unchanged: the gradient it receives is already
/// masked, by the ReLU or by the pooling after it.
protocol RectifyingLayer: AnyObject {
    var appliesReLU: Bool { get set }
}

/// A trainable tensor and its gradient.
public final class Parameter<T: Scalar> {
    public let name: String
    public let value: Tensor<T>
    public let gradient: Tensor<T>

    init(name: String, shape: [Int]) {
        self.name = name
        value = Tensor(zeros: shape)
        gradient = Tensor(zeros: shape)
    }

    /// Glorot/Xavier uniform, Keras' default kernel initializer: U(−l, l), l = √(6 / (fanIn + fanOut)).
    func fillGlorotUniform(fanIn: Int, fanOut: Int, generator: inout SeededGenerator) {
        let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
        for i in 0..<value.count {
            value[flat: i] = T((generator.nextUnit() * 2 - 1) * limit)
        }
    }
}

func batchShape(_ batch: Int, _ sampleShape: [Int]) -> [Int] { [batch] + sampleShape }

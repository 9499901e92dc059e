/// One stage of a network with an explicit forward and backward pass.
///
/// Shapes are per sample, channels last: (H, W, C) for images, (features) after Flatten;
/// tensors passed in and out carry the batch size first. `backward` must follow the `forward`
/// of the same batch: it reads what forward kept. It writes the gradients of the layer's
/// parameters (each parameter is used once per step, so they are overwritten, not accumulated)
/// and returns the gradient of its input. A layer's settings are fixed when it is made.
public protocol Layer<T>: AnyObject {
    associatedtype T: Scalar
    var kind: LayerKind { get }
    var inputShape: [Int] { get }
    var outputShape: [Int] { get }
    /// What training changes, by gradient.
    var parameters: [Parameter<T>] { get }
    /// What training changes otherwise, and a checkpoint keeps (batch normalisation's moving statistics).
    var buffers: [Buffer<T>] { get }
    /// y for a batch. In training, batch normalisation uses the batch's statistics and dropout drops.
    func forward(_ input: Tensor<T>, phase: Phase) -> Tensor<T>
    /// dL/dx, or nil when `needsInputGradient` is false: the first layer of a training step
    /// skips that product, since nobody reads it.
    func backward(_ outputGradient: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>?
}

/// Whether a forward pass is part of a training step (and which), or inference.
public enum Phase: Sendable, Equatable {
    case inference
    /// The optimiser's step this forward pass belongs to, counted from 0: what dropout's masks
    /// derive from, so a run resumed at any step draws the same masks.
    case training(step: Int)

    public var isTraining: Bool { self != .inference }
}

extension Layer {
    public var buffers: [Buffer<T>] { [] }

    /// y for a batch, at inference.
    public func forward(_ input: Tensor<T>) -> Tensor<T> { forward(input, phase: .inference) }

    /// dL/dx for dL/dy.
    public func backward(_ outputGradient: Tensor<T>) -> Tensor<T> {
        backward(outputGradient, needsInputGradient: true)!
    }
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

/// A tensor a layer keeps and a checkpoint saves, but no gradient trains (moving statistics).
public final class Buffer<T: Scalar> {
    public let name: String
    public let value: Tensor<T>

    init(name: String, shape: [Int], fill: T = 0) {
        self.name = name
        value = Tensor(shape: shape, values: [T](repeating: fill, count: shape.reduce(1, *)))
    }
}

func batchShape(_ batch: Int, _ sampleShape: [Int]) -> [Int] { [batch] + sampleShape }

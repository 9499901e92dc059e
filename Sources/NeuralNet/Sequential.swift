/// Layers applied one after another, built from an `Architecture` with seeded Glorot-uniform
/// weights and zero biases (Keras' defaults).
public final class Sequential<T: Scalar> {
    public let architecture: Architecture
    public let layers: [any Layer<T>]

    /// `convolution` picks the conv layers' engine; `fusesActivations: false` keeps every ReLU a
    /// pass of its own (both to compare: neither changes the results beyond rounding).
    public init(_ architecture: Architecture, seed: UInt64, convolution: ConvolutionEngine = .preferred,
                fusesActivations: Bool = true) throws {
        _ = try architecture.outputShapes()
        var generator = SeededGenerator(seed: seed)
        var shape = architecture.inputShape
        var layers: [any Layer<T>] = []
        for spec in architecture.layers {
            let layer: any Layer<T> = switch spec {
            case let .conv2d(filters, k, padding, stride):
                Conv2D<T>(inputShape: shape, filters: filters, kernelSize: k, padding: padding, stride: stride, engine: convolution,
                          generator: &generator)
            case let .maxPool2d(size): MaxPool2D<T>(inputShape: shape, size: size)
            case .relu: ReLU<T>(shape: shape)
            case .flatten: Flatten<T>(inputShape: shape)
            case let .dense(units): Dense<T>(inputFeatures: shape[0], outputFeatures: units, generator: &generator)
            }
            shape = layer.outputShape
            layers.append(layer)
        }
        layers.first?.computesInputGradient = false
        self.architecture = architecture
        self.layers = layers
        if fusesActivations { fuseActivations() }
    }

    /// Folds each ReLU into its neighbours, saving two passes over its tensor per step: a conv or
    /// dense layer before it applies max(·, 0) to its own output (oneDNN as a post-op), and a max
    /// pooling after it routes gradient only to positive maxima, which is the ReLU's backward.
    /// The results are the same bits as unfused; what changes is that such a conv or dense
    /// layer's `forward` returns the rectified output (the ReLU's), as `activations` shows.
    private func fuseActivations() {
        for (i, layer) in layers.enumerated() {
            guard let relu = layer as? ReLU<T> else { continue }
            if i > 0, let producer = layers[i - 1] as? any RectifyingLayer {
                producer.appliesReLU = true
                relu.isAppliedByPreviousLayer = true
            }
            if i + 1 < layers.count, let pool = layers[i + 1] as? MaxPool2D<T> {
                pool.routesOnlyPositiveMaxima = true
                relu.isMaskedByNextLayer = true
            }
        }
    }

    public var parameters: [Parameter<T>] { layers.flatMap { $0.parameters } }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// The logits for a batch (N, inputShape…).
    public func forward(_ input: Tensor<T>) -> Tensor<T> {
        layers.reduce(input) { x, layer in layer.forward(x) }
    }

    /// Backpropagates dL/dlogits through every layer, writing each parameter's gradient.
    public func backward(_ outputGradient: Tensor<T>) {
        _ = layers.reversed().reduce(outputGradient) { dy, layer in layer.backward(dy) }
    }
}

extension Sequential {
    /// The output of layer `last` (and of every layer before it, in order) for a batch: what
    /// feature-map figures show. Copies, so the layers' buffers can be reused.
    public func activations(_ input: Tensor<T>, through last: Int) -> [Tensor<T>] {
        precondition(layers.indices.contains(last), "no layer \(last) in a \(layers.count)-layer model")
        var x = input, outputs: [Tensor<T>] = []
        for layer in layers[...last] {
            x = layer.forward(x)
            outputs.append(Tensor(shape: x.shape, values: x.values))
        }
        return outputs
    }

    /// ∂(Σ g ⊙ y)/∂input, where y is the output of layer `last` for `input` and g is
    /// `outputGradient`: backpropagation stopped at a hidden layer, e.g. to see which input
    /// pixels a unit responds to (its effective receptive field). Leaves parameter gradients
    /// overwritten, as a training step would.
    public func inputGradient(_ input: Tensor<T>, through last: Int, outputGradient: Tensor<T>) -> Tensor<T> {
        precondition(layers.indices.contains(last), "no layer \(last) in a \(layers.count)-layer model")
        let wasComputing = layers[0].computesInputGradient
        layers[0].computesInputGradient = true
        defer { layers[0].computesInputGradient = wasComputing }
        // A ReLU whose backward the next layer does is the last layer here: it must mask itself.
        let relu = layers[last] as? ReLU<T>, wasMasked = relu?.isMaskedByNextLayer ?? false
        relu?.isMaskedByNextLayer = false
        defer { relu?.isMaskedByNextLayer = wasMasked }
        _ = layers[...last].reduce(input) { x, layer in layer.forward(x) }
        let dx = layers[...last].reversed().reduce(outputGradient) { dy, layer in layer.backward(dy) }
        return Tensor(shape: dx.shape, values: dx.values)
    }
}

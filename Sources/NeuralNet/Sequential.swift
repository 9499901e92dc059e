/// Layers applied one after another, built from an `Architecture` with seeded Glorot-uniform
/// weights and zero biases (Keras' defaults).
public final class Sequential<T: Scalar> {
    public let architecture: Architecture
    public let layers: [any Layer<T>]
    /// How each layer's output lies in memory (see `ActivationLayout` and `planLayouts`).
    public private(set) var outputLayouts: [ActivationLayout]

    /// `convolution` picks the conv layers' engine; `fusesActivations: false` keeps every ReLU a
    /// pass of its own; `blocksChannels: false` keeps every activation NHWC (all three to
    /// compare: none changes the results beyond rounding).
    public init(_ architecture: Architecture, seed: UInt64, convolution: ConvolutionEngine = .preferred,
                fusesActivations: Bool = true, blocksChannels: Bool = ActivationLayout.blocksByDefault) throws {
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
        outputLayouts = layers.map { _ in .nhwc }
        if fusesActivations { fuseActivations() }
        if blocksChannels { planLayouts() }
    }

    /// Keeps the activations between oneDNN convolutions in channel blocks (see
    /// `ActivationLayout`): each conv with a multiple of 16 filters writes blocks, which the
    /// ReLU and pooling after it pass on to the next conv, and Flatten turns back into NHWC.
    /// Only when every conv is meant for oneDNN (im2col reads NHWC); all NHWC again if one of
    /// them turns the layouts down. Each conv makes its primitives once, for the planned layouts.
    private func planLayouts() {
        let convolutions = layers.compactMap { $0 as? Conv2D<T> }
        guard !convolutions.isEmpty, convolutions.allSatisfy(\.isMeantForOneDNN) else { return }
        var layout = ActivationLayout.nhwc
        for (i, layer) in layers.enumerated() {
            switch layer {
            case let conv as Conv2D<T>:
                let output: ActivationLayout = conv.outputShape[2] % ActivationLayout.blockSize == 0 ? .channelBlocks16 : .nhwc
                guard conv.use(input: layout, output: output) else { return unplanLayouts() }
                layout = output
            case let pool as MaxPool2D<T>:
                pool.layout = layout
            case let flatten as Flatten<T>:
                flatten.inputLayout = layout
                layout = .nhwc
            case is ReLU<T>:
                break
            default:
                precondition(layout == .nhwc, "\(layer.kind) reads NHWC, but its input is laid out \(layout)")
            }
            outputLayouts[i] = layout
        }
    }

    private func unplanLayouts() {
        for layer in layers {
            if let conv = layer as? Conv2D<T> { _ = conv.use(input: .nhwc, output: .nhwc) }
            (layer as? MaxPool2D<T>)?.layout = .nhwc
            (layer as? Flatten<T>)?.inputLayout = .nhwc
        }
        outputLayouts = layers.map { _ in .nhwc }
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

    /// How the conv layers compute, for a run's record (their results differ in the last bits
    /// between engines): e.g. "oneDNN 2.6.3 primitives (Winograd: 1 of 2 layers), channel blocks";
    /// nil without conv layers.
    public var convolutionEngine: String? {
        let convolutions = layers.compactMap { $0 as? Conv2D<T> }
        guard !convolutions.isEmpty else { return nil }
        guard convolutions.allSatisfy(\.runsOnOneDNN) else {
            return "im2col + GEMM" + (convolutions.contains(where: \.runsOnOneDNN) ? " and oneDNN primitives" : "")
        }
        let winograd = convolutions.filter(\.runsAsWinograd).count
        let layout = outputLayouts.contains(.channelBlocks16) ? "channel blocks" : "NHWC"
        return "\(GEMMBackend.library ?? "oneDNN") primitives (Winograd: \(winograd) of \(convolutions.count) layers), \(layout)"
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
        for (i, layer) in layers[...last].enumerated() {
            x = layer.forward(x)
            outputs.append(relaid(x, asOutputOf: i, from: outputLayouts[i], to: .nhwc))
        }
        return outputs
    }

    /// A copy of `tensor`, an output (or output gradient) of layer `i`, laid out `to` instead of `from`.
    private func relaid(_ tensor: Tensor<T>, asOutputOf i: Int, from: ActivationLayout, to: ActivationLayout) -> Tensor<T> {
        let copy = Tensor<T>(zeros: tensor.shape)
        let shape = layers[i].outputShape, image = shape.count == 3 ? shape : [1, 1, shape.reduce(1, *)]
        ActivationLayout.convert(tensor.pointer, from: from, to: copy.pointer, to, batch: tensor.batchSize,
                                 height: image[0], width: image[1], channels: image[2])
        return copy
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
        let dy = relaid(outputGradient, asOutputOf: last, from: .nhwc, to: outputLayouts[last])
        let dx = layers[...last].reversed().reduce(dy) { dy, layer in layer.backward(dy) }
        return Tensor(shape: dx.shape, values: dx.values)
    }
}

/// Layers applied one after another, built from an `Architecture` with seeded Glorot-uniform
/// weights and zero biases (Keras' defaults), computing as `options` say (see `NetworkPlan`).
public final class Sequential<T: Scalar> {
    public let architecture: Architecture
    public let options: EngineOptions
    /// The layers as built: the architecture's, less the ReLUs folded into their neighbours.
    public let layers: [any Layer<T>]
    /// For each layer, the index of the spec in `architecture.layers` it was built from.
    public let specIndices: [Int]
    /// How each spec's output lies in memory (a folded ReLU's is its producer's).
    public let outputLayouts: [ActivationLayout]
    /// Each spec's output shape per sample.
    private let outputShapes: [[Int]]

    public init(_ architecture: Architecture, seed: UInt64, options: EngineOptions = .fastest) throws {
        outputShapes = try architecture.outputShapes()
        // Channel blocks only where every conv is meant for oneDNN (im2col reads NHWC) and its fast
        // kernels take them: elsewhere oneDNN runs them on its reference kernels (see
        // `ActivationLayout.channelBlocksRunFast`; the command line refuses --layout blocked there).
        let blocks =
            options.blocksChannels && ActivationLayout.channelBlocksRunFast && options.convolution != .im2col
            && T.self == Float.self && architecture.layers.contains { $0.kind == .conv2d }
        var plan = NetworkPlan(architecture, options: options, blocksChannels: blocks)
        var layers = Self.build(architecture, plan, seed: seed, engine: options.convolution)
        // A layer whose layouts oneDNN turned down runs NHWC; then the whole network does.
        if blocks, !Self.layouts(of: layers, took: plan) {
            plan = NetworkPlan(architecture, options: options, blocksChannels: false)
            layers = Self.build(architecture, plan, seed: seed, engine: options.convolution)
        }
        self.architecture = architecture
        self.options = options
        self.layers = layers
        specIndices = plan.steps.map(\.spec)
        outputLayouts = plan.outputLayouts
    }

    /// Whether every conv and batch normalisation runs on the layouts the plan gave it.
    private static func layouts(of layers: [any Layer<T>], took plan: NetworkPlan) -> Bool {
        zip(layers, plan.steps).allSatisfy { layer, step in
            if let conv = layer as? Conv2D<T> { return conv.layouts == (step.inputLayout, step.outputLayout) }
            if let norm = layer as? BatchNormalization<T> { return norm.layout == step.inputLayout }
            return true
        }
    }

    private static func build(
        _ architecture: Architecture, _ plan: NetworkPlan, seed: UInt64,
        engine: ConvolutionEngine
    ) -> [any Layer<T>] {
        var generator = SeededGenerator(seed: seed)
        var shape = architecture.inputShape
        return plan.steps.enumerated().map { index, step in
            let layer: any Layer<T> =
                switch architecture.layers[step.spec] {
                case .conv2d(let filters, let k, let padding, let stride, let bias):
                    Conv2D<T>(
                        inputShape: shape, filters: filters, kernelSize: k, padding: padding, stride: stride,
                        addsBias: bias,
                        rectifiesOutput: step.rectifiesOutput, layouts: (step.inputLayout, step.outputLayout),
                        engine: engine,
                        needsInputGradient: index > 0, generator: &generator)
                case .maxPool2d(let size):
                    MaxPool2D<T>(
                        inputShape: shape, size: size, routesOnlyPositiveMaxima: step.routesOnlyPositiveMaxima,
                        layout: step.inputLayout)
                case .relu: ReLU<T>(shape: shape)
                case .flatten: Flatten<T>(inputShape: shape, inputLayout: step.inputLayout)
                case .dense(let units, let bias):
                    Dense<T>(
                        inputFeatures: shape[0], outputFeatures: units, addsBias: bias,
                        rectifiesOutput: step.rectifiesOutput, generator: &generator)
                case .batchNorm(let settings):
                    BatchNormalization<T>(
                        shape: shape, momentum: settings.momentum, epsilon: settings.epsilon, scales: settings.scales,
                        rectifiesOutput: step.rectifiesOutput, layout: step.inputLayout, engine: engine)
                case .dropout(let rate):
                    Dropout<T>(shape: shape, rate: rate, seed: SeededGenerator.hash(seed, UInt64(step.spec)))
                case .averagePool2d(let size): AveragePool2D<T>(inputShape: shape, size: size)
                case .globalAveragePool2d: GlobalAveragePool2D<T>(inputShape: shape)
                case .gelu: GELU<T>(shape: shape)
                case .scale(let factor): Scale<T>(shape: shape, factor: factor)
                case .normalize(let mean, let std): Normalize<T>(shape: shape, mean: mean, std: std)
                }
            shape = layer.outputShape
            return layer
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
        return
            "\(GEMMBackend.library ?? "oneDNN") primitives "
            + "(Winograd: \(winograd) of \(convolutions.count) layers), \(layout)"
    }

    public var parameters: [Parameter<T>] { layers.flatMap { $0.parameters } }
    public var buffers: [Buffer<T>] { layers.flatMap { $0.buffers } }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// The logits for a batch (N, inputShape…), at inference or as part of training step `phase`.
    public func forward(_ input: Tensor<T>, phase: Phase = .inference) -> Tensor<T> {
        layers.reduce(input) { x, layer in layer.forward(x, phase: phase) }
    }

    /// Backpropagates dL/dlogits through every layer, writing each parameter's gradient.
    public func backward(_ outputGradient: Tensor<T>) {
        var dy = outputGradient
        for i in layers.indices.reversed() {
            guard let dx = layers[i].backward(dy, needsInputGradient: i > 0) else { return }
            dy = dx
        }
    }
}

extension Sequential {
    /// The layer that computes the output of spec `spec` (for a folded ReLU, the layer before it).
    private func layerIndex(computing spec: Int) -> Int {
        specIndices.lastIndex { $0 <= spec }!
    }

    /// The output of spec `last` of the architecture (and of every spec before it, in order) for
    /// a batch: what feature-map figures show. A layer with a ReLU folded in (conv, dense, batch
    /// normalisation) shows the rectified output, as the ReLU does. Copies, NHWC, so the layers' buffers can be reused.
    public func activations(_ input: Tensor<T>, through last: Int) -> [Tensor<T>] {
        precondition(
            architecture.layers.indices.contains(last), "no layer \(last) in a \(architecture.layers.count)-layer model"
        )
        var x = input
        var outputs: [Tensor<T>] = []
        for spec in 0...last {
            if let i = specIndices.firstIndex(of: spec) { x = layers[i].forward(x) }
            outputs.append(relaid(x, asOutputOf: spec, from: outputLayouts[spec], to: .nhwc))
        }
        return outputs
    }

    /// A copy of `tensor`, an output (or output gradient) of spec `spec`, laid out `to` instead of `from`.
    private func relaid(
        _ tensor: Tensor<T>, asOutputOf spec: Int, from: ActivationLayout, to: ActivationLayout
    ) -> Tensor<T> {
        let copy = Tensor<T>(zeros: tensor.shape)
        let shape = outputShapes[spec]
        let image = shape.count == 3 ? shape : [1, 1, shape.reduce(1, *)]
        ActivationLayout.convert(
            tensor.pointer, from: from, to: copy.pointer, to, batch: tensor.batchSize,
            height: image[0], width: image[1], channels: image[2])
        return copy
    }

    /// ∂(Σ g ⊙ y)/∂input, where y is the output of spec `last` for `input` and g is
    /// `outputGradient`: backpropagation stopped at a hidden layer, e.g. to see which input
    /// pixels a unit responds to (its effective receptive field). Leaves parameter gradients
    /// overwritten, as a training step would.
    public func inputGradient(_ input: Tensor<T>, through last: Int, outputGradient: Tensor<T>) -> Tensor<T> {
        precondition(
            architecture.layers.indices.contains(last), "no layer \(last) in a \(architecture.layers.count)-layer model"
        )
        let lastLayer = layerIndex(computing: last)
        let y = layers[...lastLayer].reduce(input) { x, layer in layer.forward(x) }
        let dy = relaid(outputGradient, asOutputOf: last, from: .nhwc, to: outputLayouts[last])
        // A folded ReLU's backward is the next layer's job in training; stopping here, do it now.
        if specIndices[lastLayer] != last { ReLU.mask(dy, where: y, into: dy) }
        let dx = layers[...lastLayer].reversed().reduce(dy) { dy, layer in layer.backward(dy) }
        return Tensor(shape: dx.shape, values: dx.values)
    }
}

/// How a network will be built, decided from its architecture and the engine options before any
/// layer is made, so that every layer gets its settings in its initialiser and keeps them:
///
/// - **Folded ReLUs.** A ReLU costs two passes over its tensor per step for one comparison per
///   element. Between a conv or dense layer and a max pooling, the layer before applies max(·, 0)
///   to its own output (oneDNN as a post-op) and the pooling after routes gradient only to
///   positive maxima, which is the ReLU's backward. After a batch normalisation, that layer
///   rectifies its output and masks its dy itself (oneDNN: "fuse_norm_relu"). Either way the ReLU
///   itself is not built, and the results are the same bits (tested).
/// - **Layouts.** Where every conv runs on oneDNN, a conv with a multiple of 16 filters writes
///   channel blocks, which the ReLU, pooling and batch normalisation after it pass on to the next conv and Flatten
///   turns back into NHWC (see `ActivationLayout`).
struct NetworkPlan {
    /// One layer to build: the spec it comes from and its settings.
    struct Step {
        var spec: Int
        var rectifiesOutput = false
        var routesOnlyPositiveMaxima = false
        var inputLayout = ActivationLayout.nhwc
        var outputLayout = ActivationLayout.nhwc
    }

    var steps: [Step]
    /// The layout of each spec's output (a folded ReLU's is its producer's).
    var outputLayouts: [ActivationLayout]

    init(_ architecture: Architecture, options: EngineOptions, blocksChannels: Bool) {
        let specs = architecture.layers
        let fuses = options.fusesActivations
        func foldsIntoPooling(_ i: Int) -> Bool {
            fuses && specs[i] == .relu && i > 0 && i + 1 < specs.count
                && [.conv2d, .dense].contains(specs[i - 1].kind) && specs[i + 1].kind == .maxPooling2d
        }
        func foldsIntoNormalization(_ i: Int) -> Bool {
            fuses && specs[i] == .relu && i > 0 && specs[i - 1].kind == .batchNormalization
        }
        steps = []
        outputLayouts = []
        var layout = ActivationLayout.nhwc
        for (i, spec) in specs.enumerated() {
            if foldsIntoPooling(i) || foldsIntoNormalization(i) {
                steps[steps.count - 1].rectifiesOutput = true
                outputLayouts.append(layout)
                continue
            }
            var step = Step(spec: i, routesOnlyPositiveMaxima: i > 0 && foldsIntoPooling(i - 1), inputLayout: layout)
            switch spec {
            case .conv2d(let filters, _, _, _, _) where blocksChannels:
                layout =
                    filters % ActivationLayout.blockSize == 0 && Self.blocksReachAConsumer(specs[(i + 1)...])
                    ? .channelBlocks16 : .nhwc
            case .flatten:
                layout = .nhwc
            default:
                break
            }
            step.outputLayout = layout
            steps.append(step)
            outputLayouts.append(layout)
        }
    }

    /// Whether the layers after a conv, up to the next conv or Flatten (which read blocks), all
    /// work on channel blocks as they are: the element-wise ReLU, GELU and scale, max pooling and
    /// batch normalisation (on oneDNN) do; anything else reads NHWC.
    static func blocksReachAConsumer(_ following: ArraySlice<LayerSpec>) -> Bool {
        for spec in following {
            switch spec.kind {
            case .relu, .gelu, .scale, .maxPooling2d, .batchNormalization: continue
            case .conv2d, .flatten: return true
            default: return false
            }
        }
        return false
    }
}

import NeuralNet

/// The models of the study: the lab's three, and the ablations of the CNN, each of which
/// changes one thing about `cnn3` and keeps everything else.
public enum StudyModel: String, Codable, Sendable, CaseIterable {
    case mlp, cnn3, cnn5
    case cnn3Valid = "cnn3-valid"
    case cnn3Strided = "cnn3-stride2"
    case cnn3OneBlock = "cnn3-1block"
    case cnn3ThreeBlocks = "cnn3-3blocks"
    /// The next steps the lab's Discussion points to (regularisation), one layer change each.
    case cnn3BatchNorm = "cnn3-bn"
    case cnn3Dropout = "cnn3-dropout"
    case cnn3ThreeBlocksBatchNorm = "cnn3-3blocks-bn"

    /// The models the lab asks for.
    public static let lab: [StudyModel] = [.mlp, .cnn3, .cnn5]
    /// One change each to `cnn3`: padding, downsampling, depth.
    public static let ablations: [StudyModel] = [.cnn3Valid, .cnn3Strided, .cnn3OneBlock, .cnn3ThreeBlocks]
    /// cnn3 with batch normalisation or dropout: the regularised models of the next experiments.
    public static let regularised: [StudyModel] = [.cnn3BatchNorm, .cnn3Dropout, .cnn3ThreeBlocksBatchNorm]

    public var architecture: Architecture {
        switch self {
        case .mlp: .mlp
        case .cnn3: .cnn(kernelSize: 3)
        case .cnn5: .cnn(kernelSize: 5)
        case .cnn3Valid: .cnn(kernelSize: 3, padding: .valid).named(rawValue)
        case .cnn3Strided: .cnn(kernelSize: 3, downsampling: .strideTwo).named(rawValue)
        case .cnn3OneBlock: .cnn(kernelSize: 3, filters: [32]).named(rawValue)
        case .cnn3ThreeBlocks: .cnn(kernelSize: 3, filters: [32, 64, 128]).named(rawValue)
        case .cnn3BatchNorm: .cnn(kernelSize: 3, batchNorm: true).named(rawValue)
        case .cnn3Dropout: .cnn(kernelSize: 3, dropout: 0.3).named(rawValue)
        case .cnn3ThreeBlocksBatchNorm: .cnn(kernelSize: 3, filters: [32, 64, 128], batchNorm: true).named(rawValue)
        }
    }

    public var title: String {
        switch self {
        case .mlp: "MLP baseline"
        case .cnn3: "CNN, 3×3 kernels"
        case .cnn5: "CNN, 5×5 kernels"
        case .cnn3Valid: "CNN 3×3, valid padding"
        case .cnn3Strided: "CNN 3×3, stride-2 convs, no pooling"
        case .cnn3OneBlock: "CNN 3×3, one conv block"
        case .cnn3ThreeBlocks: "CNN 3×3, three conv blocks"
        case .cnn3BatchNorm: "CNN 3×3, batch normalisation"
        case .cnn3Dropout: "CNN 3×3, dropout 0.3"
        case .cnn3ThreeBlocksBatchNorm: "CNN 3×3, three conv blocks, batch normalisation"
        }
    }

    /// A label short enough for a point on a chart.
    public var shortName: String {
        switch self {
        case .mlp: "MLP"
        case .cnn3: "CNN 3×3"
        case .cnn5: "CNN 5×5"
        case .cnn3Valid: "valid padding"
        case .cnn3Strided: "stride 2, no pooling"
        case .cnn3OneBlock: "1 conv block"
        case .cnn3ThreeBlocks: "3 conv blocks"
        case .cnn3BatchNorm: "batch norm"
        case .cnn3Dropout: "dropout 0.3"
        case .cnn3ThreeBlocksBatchNorm: "3 blocks, batch norm"
        }
    }

    /// What the model changes relative to `cnn3`, for tables; nil for the lab's models.
    public var change: String? {
        switch self {
        case .mlp, .cnn3, .cnn5: nil
        case .cnn3Valid: "padding: valid instead of same"
        case .cnn3Strided: "downsampling: stride-2 convolutions instead of 2×2 max pooling"
        case .cnn3OneBlock: "depth: one conv block (32) instead of two"
        case .cnn3ThreeBlocks: "depth: three conv blocks (32, 64, 128) instead of two"
        case .cnn3BatchNorm: "batch normalisation after every conv and the hidden dense layer, before the ReLU"
        case .cnn3Dropout: "dropout 0.3 before the last dense layer"
        case .cnn3ThreeBlocksBatchNorm: "three conv blocks (32, 64, 128), batch normalisation as in cnn3-bn"
        }
    }

    public var isConvolutional: Bool { self != .mlp }
}

extension Architecture {
    public static let cifarInput = [32, 32, 3]  // (H, W, C)

    /// Flatten → Dense 256 ReLU → Dense 128 ReLU → Dense 10 (softmax in the loss).
    public static let mlp = Architecture(
        name: "mlp", inputShape: cifarInput,
        layers: [
            .flatten, .dense(units: 256), .relu, .dense(units: 128), .relu, .dense(units: 10),
        ])

    /// How a conv block halves the resolution.
    public enum Downsampling: Sendable { case maxPool, strideTwo }

    /// Per block: Conv F k×k ReLU → MaxPool 2 (or the conv with stride 2); then Flatten →
    /// Dense 128 ReLU → Dense 10. The lab's CNN is two blocks of 32 and 64 filters, `same` padding.
    /// `batchNorm` puts batch normalisation after every conv and the hidden dense layer, before
    /// the ReLU; `dropout` puts dropout of that rate before the last dense layer.
    public static func cnn(
        kernelSize k: Int, filters: [Int] = [32, 64], padding: Padding = .same,
        downsampling: Downsampling = .maxPool, batchNorm: Bool = false, dropout: Double? = nil
    ) -> Architecture {
        let normalized: [LayerSpec] = batchNorm ? [.batchNorm, .relu] : [.relu]
        let blocks: [[LayerSpec]] = filters.map { f in
            switch downsampling {
            case .maxPool: [.conv2d(filters: f, kernelSize: k, padding: padding)] + normalized + [.maxPool2d(size: 2)]
            case .strideTwo: [.conv2d(filters: f, kernelSize: k, padding: padding, stride: 2)] + normalized
            }
        }
        let head: [LayerSpec] =
            [.flatten, .dense(units: 128)] + normalized + (dropout.map { [.dropout(rate: $0)] } ?? []) + [
                .dense(units: 10)
            ]
        return Architecture(name: "cnn\(k)", inputShape: cifarInput, layers: blocks.flatMap { $0 } + head)
    }

    func named(_ name: String) -> Architecture {
        var copy = self
        copy.name = name
        return copy
    }
}

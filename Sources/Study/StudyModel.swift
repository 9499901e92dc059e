import NeuralNet

/// The models of the study: the lab's three, and the ablations of the CNN, each of which
/// changes one thing about `cnn3` and keeps everything else.
public enum StudyModel: String, Codable, Sendable, CaseIterable {
    case mlp, cnn3, cnn5
    case cnn3Valid = "cnn3-valid"
    case cnn3Strided = "cnn3-stride2"
    case cnn3OneBlock = "cnn3-1block"
    case cnn3ThreeBlocks = "cnn3-3blocks"

    /// The models the lab asks for.
    public static let lab: [StudyModel] = [.mlp, .cnn3, .cnn5]
    /// One change each to `cnn3`: padding, downsampling, depth.
    public static let ablations: [StudyModel] = [.cnn3Valid, .cnn3Strided, .cnn3OneBlock, .cnn3ThreeBlocks]

    public var architecture: Architecture {
        switch self {
        case .mlp: .mlp
        case .cnn3: .cnn(kernelSize: 3)
        case .cnn5: .cnn(kernelSize: 5)
        case .cnn3Valid: .cnn(kernelSize: 3, padding: .valid).named(rawValue)
        case .cnn3Strided: .cnn(kernelSize: 3, downsampling: .strideTwo).named(rawValue)
        case .cnn3OneBlock: .cnn(kernelSize: 3, filters: [32]).named(rawValue)
        case .cnn3ThreeBlocks: .cnn(kernelSize: 3, filters: [32, 64, 128]).named(rawValue)
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
        }
    }

    public var isConvolutional: Bool { self != .mlp }
}

extension Architecture {
    public static let cifarInput = [32, 32, 3]   // (H, W, C)

    /// Flatten → Dense 256 ReLU → Dense 128 ReLU → Dense 10 (softmax in the loss).
    public static let mlp = Architecture(name: "mlp", inputShape: cifarInput, layers: [
        .flatten, .dense(units: 256), .relu, .dense(units: 128), .relu, .dense(units: 10),
    ])

    /// How a conv block halves the resolution.
    public enum Downsampling: Sendable { case maxPool, strideTwo }

    /// Per block: Conv F k×k ReLU → MaxPool 2 (or the conv with stride 2); then Flatten →
    /// Dense 128 ReLU → Dense 10. The lab's CNN is two blocks of 32 and 64 filters, `same` padding.
    public static func cnn(kernelSize k: Int, filters: [Int] = [32, 64], padding: Padding = .same,
                           downsampling: Downsampling = .maxPool) -> Architecture {
        let blocks: [[LayerSpec]] = filters.map { f in
            switch downsampling {
            case .maxPool: [.conv2d(filters: f, kernelSize: k, padding: padding), .relu, .maxPool2d(size: 2)]
            case .strideTwo: [.conv2d(filters: f, kernelSize: k, padding: padding, stride: 2), .relu]
            }
        }
        return Architecture(name: "cnn\(k)", inputShape: cifarInput,
                            layers: blocks.flatMap { $0 } + [.flatten, .dense(units: 128), .relu, .dense(units: 10)])
    }

    func named(_ name: String) -> Architecture {
        var copy = self
        copy.name = name
        return copy
    }
}

import NeuralNet

/// A model's name: how runs, results and the report refer to it. What the name stands for (its
/// layers, its title) is a `ModelDefinition`: a study file's, or one of the lab's built-in ones.
package struct StudyModel: RawRepresentable, Codable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package init(stringLiteral name: String) { rawValue = name }
    package var description: String { rawValue }
    package static func < (a: StudyModel, b: StudyModel) -> Bool { a.rawValue < b.rawValue }

    // The built-in models, by name (what a study names in its own words is in its study file).
    package static let mlp: StudyModel = "mlp", cnn3: StudyModel = "cnn3", cnn5: StudyModel = "cnn5"
    package static let cnn3Valid: StudyModel = "cnn3-valid", cnn3Strided: StudyModel = "cnn3-stride2"
    package static let cnn3OneBlock: StudyModel = "cnn3-1block", cnn3ThreeBlocks: StudyModel = "cnn3-3blocks"
    package static let cnn3BatchNorm: StudyModel = "cnn3-bn", cnn3Dropout: StudyModel = "cnn3-dropout"
    package static let cnn3ThreeBlocksBatchNorm: StudyModel = "cnn3-3blocks-bn"
    package static let airbench: StudyModel = "airbench"

    /// The lab's three models: what `bench` measures by default.
    package static let lab: [StudyModel] = [.mlp, .cnn3, .cnn5]

    /// The built-in definition of this name, if it is one of the lab's models.
    package var builtIn: ModelDefinition? { ModelDefinition.builtIn.first { $0.model == self } }
}

extension ModelDefinition {
    package static let mlp = ModelDefinition(name: "mlp", architecture: .mlp, title: "MLP baseline", label: "MLP")
    package static let cnn3 = ModelDefinition(
        name: "cnn3", architecture: .cnn(kernelSize: 3), title: "CNN, 3×3 kernels", label: "CNN 3×3")
    package static let cnn5 = ModelDefinition(
        name: "cnn5", architecture: .cnn(kernelSize: 5), title: "CNN, 5×5 kernels", label: "CNN 5×5")
    package static let cnn3Valid = cnn3Variant(
        "cnn3-valid", .cnn(kernelSize: 3, padding: .valid), "CNN 3×3, valid padding", "valid padding",
        "padding: valid instead of same")
    package static let cnn3Strided = cnn3Variant(
        "cnn3-stride2", .cnn(kernelSize: 3, downsampling: .strideTwo), "CNN 3×3, stride-2 convs, no pooling",
        "stride 2, no pooling", "downsampling: stride-2 convolutions instead of 2×2 max pooling")
    package static let cnn3OneBlock = cnn3Variant(
        "cnn3-1block", .cnn(kernelSize: 3, filters: [32]), "CNN 3×3, one conv block", "1 conv block",
        "depth: one conv block (32) instead of two")
    package static let cnn3ThreeBlocks = cnn3Variant(
        "cnn3-3blocks", .cnn(kernelSize: 3, filters: [32, 64, 128]), "CNN 3×3, three conv blocks", "3 conv blocks",
        "depth: three conv blocks (32, 64, 128) instead of two")
    package static let cnn3BatchNorm = cnn3Variant(
        "cnn3-bn", .cnn(kernelSize: 3, batchNorm: true), "CNN 3×3, batch normalisation", "batch norm",
        "batch normalisation after every conv and the hidden dense layer, before the ReLU")
    package static let cnn3Dropout = cnn3Variant(
        "cnn3-dropout", .cnn(kernelSize: 3, dropout: 0.3), "CNN 3×3, dropout 0.3", "dropout 0.3",
        "dropout 0.3 before the last dense layer")
    package static let cnn3ThreeBlocksBatchNorm = cnn3Variant(
        "cnn3-3blocks-bn", .cnn(kernelSize: 3, filters: [32, 64, 128], batchNorm: true),
        "CNN 3×3, three conv blocks, batch normalisation", "3 blocks, batch norm",
        "three conv blocks (32, 64, 128), batch normalisation as in cnn3-bn")

    package static let airbench = ModelDefinition(
        name: "airbench", architecture: .airbench, title: "airbench94's network", label: "airbench")

    /// The lab's models, its variants of cnn3 and airbench94's network: every study file can use
    /// them by name or start from them (`from: cnn3`).
    package static let builtIn: [ModelDefinition] = [
        .mlp, .cnn3, .cnn5, .cnn3Valid, .cnn3Strided, .cnn3OneBlock, .cnn3ThreeBlocks, .cnn3BatchNorm, .cnn3Dropout,
        .cnn3ThreeBlocksBatchNorm, .airbench,
    ]

    private static func cnn3Variant(
        _ name: String, _ architecture: Architecture, _ title: String, _ label: String, _ change: String
    ) -> ModelDefinition {
        ModelDefinition(
            name: name, architecture: architecture.named(name), title: title, label: label, change: change)
    }
}

extension Architecture {
    package static let cifarInput = [32, 32, 3]  // (H, W, C)

    /// Flatten → Dense 256 ReLU → Dense 128 ReLU → Dense 10 (softmax in the loss).
    package static let mlp = Architecture(
        name: "mlp", inputShape: cifarInput,
        layers: [
            .flatten, .dense(units: 256), .relu, .dense(units: 128), .relu, .dense(units: 10),
        ])

    /// How a conv block halves the resolution.
    package enum Downsampling: Sendable { case maxPool, strideTwo }

    /// Per block: Conv F k×k ReLU → MaxPool 2 (or the conv with stride 2); then Flatten →
    /// Dense 128 ReLU → Dense 10. The lab's CNN is two blocks of 32 and 64 filters, `same` padding.
    /// `batchNorm` puts batch normalisation after every conv and the hidden dense layer, before
    /// the ReLU; `dropout` puts dropout of that rate before the last dense layer.
    package static func cnn(
        kernelSize k: Int, filters: [Int] = [32, 64], padding: Padding = .same,
        downsampling: Downsampling = .maxPool, batchNorm: Bool = false, dropout: Double? = nil
    ) -> Architecture {
        let normalized: [LayerSpec] = batchNorm ? [.batchNorm(), .relu] : [.relu]
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

    /// airbench94's network (Jordan, "94% on CIFAR-10 in 3.29 seconds on a single GPU", 2024): a
    /// 2×2 valid conv of 24 filters (its whitening layer, set from the data), GELU, three groups of
    /// conv → max pool 2 → norm → GELU → conv → norm → GELU (64, 256, 256 filters, 3×3, no biases;
    /// norms keeping 0.6 of their moving averages a step (airbench's `BatchNorm(momentum=0.6)` hands
    /// PyTorch 1 − 0.6), ε 10⁻¹², no trained scale), max pool 3 (3×3 → 1×1), and
    /// a bias-free dense layer to 10 logits scaled by 1/9. Its inputs are normalised by CIFAR-10's
    /// channel statistics first, by the network (airbench's loader does it), so that `predict`,
    /// `serve` and the ONNX file see what training saw.
    package static let airbench: Architecture = {
        let norm = LayerSpec.batchNorm(BatchNormSettings(momentum: 0.6, epsilon: 1e-12, scales: false))
        func group(_ filters: Int) -> [LayerSpec] {
            let conv = LayerSpec.conv2d(filters: filters, kernelSize: 3, padding: .same, bias: false)
            return [conv, .maxPool2d(size: 2), norm, .gelu, conv, norm, .gelu]
        }
        let whitening: [LayerSpec] = [
            .cifar10Normalization, .conv2d(filters: 24, kernelSize: 2, padding: .valid), .gelu,
        ]
        let head: [LayerSpec] = [
            .maxPool2d(size: 3), .flatten, .dense(units: 10, bias: false), .scale(factor: 1.0 / 9),
        ]
        return Architecture(
            name: "airbench", inputShape: cifarInput, layers: whitening + [64, 256, 256].flatMap(group) + head)
    }()

    func named(_ name: String) -> Architecture {
        var copy = self
        copy.name = name
        return copy
    }
}

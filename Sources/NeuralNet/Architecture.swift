/// Padding of a convolution: `same` keeps H×W (pads k/2 zeros), `valid` pads nothing.
public enum Padding: String, Codable, Sendable, CaseIterable { case same, valid }

/// One layer of an architecture, as data: what a checkpoint records and a summary describes.
public enum LayerSpec: Equatable, Sendable {
    /// Stride s > 1 samples every s-th output position (pads as for s = 1, like PyTorch's
    /// `padding=k//2`): a 32-wide input gives 16 outputs for k = 3, s = 2. `same` needs an odd k.
    /// Without `bias` the layer adds none (a batch norm after it would cancel one anyway).
    case conv2d(filters: Int, kernelSize: Int, padding: Padding, stride: Int = 1, bias: Bool = true)
    case maxPool2d(size: Int)
    case relu
    case flatten
    case dense(units: Int, bias: Bool = true)
    /// Over the last axis: per channel after a conv, per unit after a dense layer.
    case batchNorm(BatchNormSettings = .keras)
    /// Inverted dropout of this rate, in [0, 1).
    case dropout(rate: Double)
    case averagePool2d(size: Int)
    /// (H, W, C) → (C).
    case globalAveragePool2d
    /// x·Φ(x), element-wise (`GELU`).
    case gelu
    /// A constant factor, element-wise (`Scale`).
    case scale(factor: Double)
    /// (x − mean) / std per channel (the last axis), constants (`Normalize`): airbench's inputs.
    case normalize(mean: [Double], std: [Double])
}

extension LayerSpec {
    /// CIFAR-10's per-channel mean and standard deviation of the training pixels in [0, 1], as
    /// airbench normalises its inputs.
    public static let cifar10Normalization = LayerSpec.normalize(
        mean: [0.4914, 0.4822, 0.4465], std: [0.2470, 0.2435, 0.2616])
}

/// Batch normalisation's settings. `momentum` is the weight of the old moving average, as in
/// Keras (PyTorch's `momentum=p` is 1 − p here; airbench's `BatchNorm(momentum=0.6)` passes
/// PyTorch 0.4, so it is 0.6 here).
public struct BatchNormSettings: Equatable, Sendable {
    public var momentum: Double
    public var epsilon: Double
    /// false: γ stays 1 and is not trained, only the shift β is (airbench's norms).
    public var scales: Bool

    public init(momentum: Double = 0.99, epsilon: Double = 1e-3, scales: Bool = true) {
        (self.momentum, self.epsilon, self.scales) = (momentum, epsilon, scales)
    }

    /// Keras' defaults: momentum 0.99, ε = 10⁻³, a trained scale.
    public static let keras = BatchNormSettings()
}

/// A sequential network as data: an input shape per sample, (H, W, C) for images, channels
/// last as in Keras, and its layers.
public struct Architecture: Codable, Equatable, Sendable {
    public var name: String
    public var inputShape: [Int]
    public var layers: [LayerSpec]

    public init(name: String, inputShape: [Int], layers: [LayerSpec]) {
        self.name = name
        self.inputShape = inputShape
        self.layers = layers
    }

    /// Each layer's output shape per sample, in order. Throws on a layer that does not fit.
    public func outputShapes() throws -> [[Int]] {
        var shape = inputShape
        var shapes: [[Int]] = []
        for (index, layer) in layers.enumerated() {
            shape = try layer.outputShape(for: shape, at: index)
            shapes.append(shape)
        }
        return shapes
    }
}

/// What a layer is, by Keras' name for it: "conv2d", "max_pooling2d", "relu", "flatten", "dense".
public enum LayerKind: String, Codable, Sendable, CaseIterable {
    case conv2d
    case maxPooling2d = "max_pooling2d"
    case relu, flatten, dense
    case batchNormalization = "batch_normalization"
    case dropout
    case averagePooling2d = "average_pooling2d"
    case globalAveragePooling2d = "global_average_pooling2d"
    case gelu, scale, normalization
}

public struct ArchitectureError: Error, CustomStringConvertible {
    public let description: String
}

extension LayerSpec {
    public var kind: LayerKind {
        switch self {
        case .conv2d: .conv2d
        case .maxPool2d: .maxPooling2d
        case .relu: .relu
        case .flatten: .flatten
        case .dense: .dense
        case .batchNorm: .batchNormalization
        case .dropout: .dropout
        case .averagePool2d: .averagePooling2d
        case .globalAveragePool2d: .globalAveragePooling2d
        case .gelu: .gelu
        case .scale: .scale
        case .normalize: .normalization
        }
    }

    public func outputShape(for input: [Int], at index: Int) throws -> [Int] {
        func fail(_ why: String) -> ArchitectureError {
            ArchitectureError(description: "layer \(index) (\(kind)) \(why), input shape \(input)")
        }
        switch self {
        case .conv2d(let filters, let k, let padding, let stride, _):
            guard input.count == 3 else { throw fail("needs an (H, W, C) input") }
            guard k > 0, filters > 0 else { throw fail("needs a kernel size and at least one filter") }
            guard k % 2 == 1 || padding == .valid else {
                throw fail("pads `same` around a centre: needs an odd kernel")
            }
            guard stride >= 1 else { throw fail("needs a stride of at least 1") }
            let g = ConvGeometry(
                height: input[0], width: input[1], channels: input[2], kernel: k, padding: padding, stride: stride)
            guard g.outHeight > 0, g.outWidth > 0 else { throw fail("kernel \(k)×\(k) does not fit") }
            return [g.outHeight, g.outWidth, filters]
        case .maxPool2d(let size), .averagePool2d(let size):
            guard input.count == 3, size > 0, input[0] >= size, input[1] >= size else {
                throw fail("pool \(size)×\(size) does not fit")
            }
            return [input[0] / size, input[1] / size, input[2]]
        case .globalAveragePool2d:
            guard input.count == 3 else { throw fail("needs an (H, W, C) input") }
            return [input[2]]
        case .batchNorm(let settings):
            guard (0..<1).contains(settings.momentum) else {
                throw fail("has momentum \(settings.momentum); a moving average's momentum must be in [0, 1)")
            }
            guard settings.epsilon > 0, settings.epsilon.isFinite else {
                throw fail("has epsilon \(settings.epsilon); it must be a positive number")
            }
            return input
        case .dropout(let rate):
            guard rate >= 0 && rate < 1 else { throw fail("has rate \(rate); a dropout rate must be in [0, 1)") }
            return input
        case .relu, .gelu:
            return input
        case .scale(let factor):
            guard factor.isFinite else { throw fail("has factor \(factor); a scale must be a finite number") }
            return input
        case .normalize(let mean, let std):
            guard mean.count == input.last, std.count == input.last else {
                throw fail("has \(mean.count) means and \(std.count) deviations; it needs one per channel")
            }
            guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw fail("needs finite means and positive deviations")
            }
            return input
        case .flatten:
            return [input.reduce(1, *)]
        case .dense(let units, _):
            guard input.count == 1 else { throw fail("needs a flat input; add .flatten before it") }
            guard units > 0 else { throw fail("needs at least one unit") }
            return [units]
        }
    }
}

/// LayerSpec's JSON, written by hand so that a setting at its default is left out (`stride` 1,
/// `bias` true, batch norm's Keras settings): checkpoints and results written before a setting
/// existed still read, and layers that do not use it encode as they did (their cache keys hold).
///
///     {"conv2d": {"filters": 32, "kernelSize": 3, "padding": "same"}}   {"relu": {}}
extension LayerSpec: Codable {
    private enum Kind: String, CodingKey {
        case conv2d, maxPool2d, relu, flatten, dense, batchNorm, dropout, averagePool2d, globalAveragePool2d, gelu,
            scale, normalize
    }
    private enum Field: String, CodingKey {
        case filters, kernelSize, padding, stride, bias, size, units, rate, factor, momentum, epsilon, scales
        case mean, std
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Kind.self)
        guard container.allKeys.count == 1, let kind = container.allKeys.first else {
            let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
            let known =
                "this ConvLab knows "
                + [
                    "conv2d", "maxPool2d", "relu", "flatten", "dense", "batchNorm", "dropout",
                    "averagePool2d", "globalAveragePool2d", "gelu", "scale", "normalize",
                ].joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath,
                    debugDescription: keys.count == 1
                        ? "unknown layer \"\(keys[0])\"; \(known): a newer ConvLab may have written this model"
                        : "a layer is one key naming its kind, found \(keys.count) "
                            + "(\(keys.joined(separator: ", "))); \(known)"
                ))
        }
        let fields = try container.nestedContainer(keyedBy: Field.self, forKey: kind)
        switch kind {
        case .conv2d:
            self = .conv2d(
                filters: try fields.decode(Int.self, forKey: .filters),
                kernelSize: try fields.decode(Int.self, forKey: .kernelSize),
                padding: try fields.decode(Padding.self, forKey: .padding),
                stride: try fields.decodeIfPresent(Int.self, forKey: .stride) ?? 1,
                bias: try fields.decodeIfPresent(Bool.self, forKey: .bias) ?? true)
        case .maxPool2d: self = .maxPool2d(size: try fields.decode(Int.self, forKey: .size))
        case .relu: self = .relu
        case .flatten: self = .flatten
        case .dense:
            self = .dense(
                units: try fields.decode(Int.self, forKey: .units),
                bias: try fields.decodeIfPresent(Bool.self, forKey: .bias) ?? true)
        case .batchNorm:
            let keras = BatchNormSettings.keras
            self = .batchNorm(
                BatchNormSettings(
                    momentum: try fields.decodeIfPresent(Double.self, forKey: .momentum) ?? keras.momentum,
                    epsilon: try fields.decodeIfPresent(Double.self, forKey: .epsilon) ?? keras.epsilon,
                    scales: try fields.decodeIfPresent(Bool.self, forKey: .scales) ?? keras.scales))
        case .dropout: self = .dropout(rate: try fields.decode(Double.self, forKey: .rate))
        case .averagePool2d: self = .averagePool2d(size: try fields.decode(Int.self, forKey: .size))
        case .globalAveragePool2d: self = .globalAveragePool2d
        case .gelu: self = .gelu
        case .scale: self = .scale(factor: try fields.decode(Double.self, forKey: .factor))
        case .normalize:
            self = .normalize(
                mean: try fields.decode([Double].self, forKey: .mean),
                std: try fields.decode([Double].self, forKey: .std))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Kind.self)
        switch self {
        case .conv2d(let filters, let kernelSize, let padding, let stride, let bias):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .conv2d)
            try fields.encode(filters, forKey: .filters)
            try fields.encode(kernelSize, forKey: .kernelSize)
            try fields.encode(padding, forKey: .padding)
            if stride != 1 { try fields.encode(stride, forKey: .stride) }
            if !bias { try fields.encode(bias, forKey: .bias) }
        case .maxPool2d(let size):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .maxPool2d)
            try fields.encode(size, forKey: .size)
        case .relu: _ = container.nestedContainer(keyedBy: Field.self, forKey: .relu)
        case .flatten: _ = container.nestedContainer(keyedBy: Field.self, forKey: .flatten)
        case .dense(let units, let bias):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .dense)
            try fields.encode(units, forKey: .units)
            if !bias { try fields.encode(bias, forKey: .bias) }
        case .batchNorm(let settings):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .batchNorm)
            let keras = BatchNormSettings.keras
            if settings.momentum != keras.momentum { try fields.encode(settings.momentum, forKey: .momentum) }
            if settings.epsilon != keras.epsilon { try fields.encode(settings.epsilon, forKey: .epsilon) }
            if settings.scales != keras.scales { try fields.encode(settings.scales, forKey: .scales) }
        case .dropout(let rate):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .dropout)
            try fields.encode(rate, forKey: .rate)
        case .averagePool2d(let size):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .averagePool2d)
            try fields.encode(size, forKey: .size)
        case .globalAveragePool2d: _ = container.nestedContainer(keyedBy: Field.self, forKey: .globalAveragePool2d)
        case .gelu: _ = container.nestedContainer(keyedBy: Field.self, forKey: .gelu)
        case .scale(let factor):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .scale)
            try fields.encode(factor, forKey: .factor)
        case .normalize(let mean, let std):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .normalize)
            try fields.encode(mean, forKey: .mean)
            try fields.encode(std, forKey: .std)
        }
    }
}

/// Any key of a JSON object, to name the ones a layer does not know.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// LayerSpec's JSON, written by hand so that `stride` is optional on disk: checkpoints and
/// results written before strides existed still read, and stride-1 layers encode as they did.
///
///     {"conv2d": {"filters": 32, "kernelSize": 3, "padding": "same"}}   {"relu": {}}
extension LayerSpec: Codable {
    private enum Kind: String, CodingKey {
        case conv2d, maxPool2d, relu, flatten, dense, batchNorm, dropout, averagePool2d, globalAveragePool2d, gelu,
            scale
    }
    private enum Field: String, CodingKey { case filters, kernelSize, padding, stride, size, units, rate, factor }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Kind.self)
        guard container.allKeys.count == 1, let kind = container.allKeys.first else {
            let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
            let known =
                "this ConvLab knows "
                + [
                    "conv2d", "maxPool2d", "relu", "flatten", "dense", "batchNorm", "dropout",
                    "averagePool2d", "globalAveragePool2d", "gelu", "scale",
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
                stride: try fields.decodeIfPresent(Int.self, forKey: .stride) ?? 1)
        case .maxPool2d: self = .maxPool2d(size: try fields.decode(Int.self, forKey: .size))
        case .relu: self = .relu
        case .flatten: self = .flatten
        case .dense: self = .dense(units: try fields.decode(Int.self, forKey: .units))
        case .batchNorm: self = .batchNorm
        case .dropout: self = .dropout(rate: try fields.decode(Double.self, forKey: .rate))
        case .averagePool2d: self = .averagePool2d(size: try fields.decode(Int.self, forKey: .size))
        case .globalAveragePool2d: self = .globalAveragePool2d
        case .gelu: self = .gelu
        case .scale: self = .scale(factor: try fields.decode(Double.self, forKey: .factor))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Kind.self)
        switch self {
        case .conv2d(let filters, let kernelSize, let padding, let stride):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .conv2d)
            try fields.encode(filters, forKey: .filters)
            try fields.encode(kernelSize, forKey: .kernelSize)
            try fields.encode(padding, forKey: .padding)
            if stride != 1 { try fields.encode(stride, forKey: .stride) }
        case .maxPool2d(let size):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .maxPool2d)
            try fields.encode(size, forKey: .size)
        case .relu: _ = container.nestedContainer(keyedBy: Field.self, forKey: .relu)
        case .flatten: _ = container.nestedContainer(keyedBy: Field.self, forKey: .flatten)
        case .dense(let units):
            var fields = container.nestedContainer(keyedBy: Field.self, forKey: .dense)
            try fields.encode(units, forKey: .units)
        case .batchNorm: _ = container.nestedContainer(keyedBy: Field.self, forKey: .batchNorm)
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

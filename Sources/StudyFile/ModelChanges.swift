import NeuralNet

/// A model written as another one plus changes (`from: cnn3` with `kernel: 5`): each change
/// rewrites the base's layers in one way.
enum ModelChanges {
    static let keys = ["kernel", "padding", "filters", "batch_norm", "dropout"]

    /// The changed layers and a description of the change for tables ("kernel 5×5").
    static func apply(
        _ changes: [(key: String, value: Field)], to base: [LayerSpec]
    ) throws -> (
        layers: [LayerSpec], change: String
    ) {
        var layers = base
        var said: [String] = []
        for (key, value) in changes {
            switch key {
            case "kernel":
                let k = try value.int(atLeast: 1)
                guard k % 2 == 1 else {
                    throw value.error("a \(k)×\(k) kernel has no centre pixel", fix: "use an odd kernel size")
                }
                layers = try convolutions(of: layers, value) { _, conv in conv.kernel = k }
                said.append("\(k)×\(k) kernels")
            case "padding":
                let p = try value.choice(of: Padding.self)
                layers = try convolutions(of: layers, value) { _, conv in conv.padding = p }
                said.append("\(p.rawValue) padding")
            case "filters":
                let filters = try value.list().map { try $0.int(atLeast: 1) }
                let count = layers.filter { $0.kind == .conv2d }.count
                guard filters.count == count else {
                    throw value.error(
                        "\(filters.count) filter counts for \(count) convolutions",
                        fix: "give one number per conv2d layer of the base model, or write the model's layers")
                }
                layers = try convolutions(of: layers, value) { i, conv in conv.filters = filters[i] }
                said.append("filters \(filters.map(String.init).joined(separator: ", "))")
            case "batch_norm":
                guard try value.bool() else { continue }
                layers = withBatchNorm(layers)
                said.append("batch normalisation")
            case "dropout":
                let rate = try value.double(in: 0...1, excludingUpper: true)
                layers = withDropout(rate, layers)
                said.append("dropout \(rate)")
            default:
                throw value.error("unknown change \"\(key)\"", fix: "use one of \(keys.joined(separator: ", "))")
            }
        }
        return (layers, said.joined(separator: ", "))
    }

    /// A conv2d layer's settings, to change one of them.
    private struct Convolution {
        var filters, kernel: Int
        var padding: Padding
        var stride: Int
        var bias: Bool
    }

    /// Every conv2d layer with `change(index among convs, &its settings)` applied.
    private static func convolutions(
        of layers: [LayerSpec], _ field: Field, _ change: (Int, inout Convolution) -> Void
    ) throws -> [LayerSpec] {
        var index = 0
        let changed = layers.map { layer -> LayerSpec in
            guard case .conv2d(let f, let k, let p, let s, let b) = layer else { return layer }
            defer { index += 1 }
            var conv = Convolution(filters: f, kernel: k, padding: p, stride: s, bias: b)
            change(index, &conv)
            return .conv2d(
                filters: conv.filters, kernelSize: conv.kernel, padding: conv.padding, stride: conv.stride,
                bias: conv.bias)
        }
        guard index > 0 else {
            throw field.error("the base model has no convolutions to change", fix: "derive from a convolutional model")
        }
        return changed
    }

    /// Batch normalisation after every conv and every dense layer but the last, before the ReLU
    /// (where the lab's cnn3-bn has it); layers already followed by one are left as they are.
    static func withBatchNorm(_ layers: [LayerSpec]) -> [LayerSpec] {
        let lastDense = layers.lastIndex { $0.kind == .dense }
        var out: [LayerSpec] = []
        for (i, layer) in layers.enumerated() {
            out.append(layer)
            let normalised = i + 1 < layers.count && layers[i + 1].kind == .batchNormalization
            if (layer.kind == .conv2d || (layer.kind == .dense && i != lastDense)) && !normalised {
                out.append(.batchNorm())
            }
        }
        return out
    }

    /// Dropout of `rate` just before the last dense layer, replacing any dropout there.
    static func withDropout(_ rate: Double, _ layers: [LayerSpec]) -> [LayerSpec] {
        guard let last = layers.lastIndex(where: { $0.kind == .dense }) else { return layers }
        var head = Array(layers[..<last])
        if head.last?.kind == .dropout { head.removeLast() }
        return head + [.dropout(rate: rate)] + layers[last...]
    }
}

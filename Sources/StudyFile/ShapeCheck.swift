import NeuralNet

/// Walks a model's layers from the 32×32×3 input and stops at the first that cannot work,
/// saying why in the study's own terms.
enum ShapeCheck {
    static func check(_ layers: [LayerSpec], entries: [Field], model: Field) throws {
        var shape = Architecture.cifarInput
        for (index, layer) in layers.enumerated() {
            let entry = index < entries.count ? entries[index] : model
            if let problem = problem(of: layer, on: shape) { throw entry.error(problem.0, fix: problem.1) }
            shape = try layer.outputShape(for: shape, at: index)
        }
        // The logits come from `dense: 10`; a constant scale of them may follow (airbench's 1/9).
        let logits = layers.reversed().first {
            if case .scale = $0 { return false }
            return true
        }
        guard case .dense(10, _) = logits else {
            throw model.error(
                "the last layer is not `dense: 10`",
                fix: "end the model with `- dense: 10`, one unit per CIFAR-10 class (a `- scale:` may follow it)")
        }
    }

    /// (what is wrong, how to fix it) for a layer that cannot take `input`; nil when it can.
    static func problem(of layer: LayerSpec, on input: [Int]) -> (String, String)? {
        let shown = input.map(String.init).joined(separator: "×")
        let isMap = input.count == 3
        switch layer {
        case .conv2d(_, let k, let padding, let stride, _):
            guard isMap else {
                return ("conv2d gets a flat vector of \(shown) values", "put convolutions before flatten")
            }
            let g = ConvGeometry(
                height: input[0], width: input[1], channels: input[2], kernel: k, padding: padding, stride: stride)
            guard g.outHeight > 0, g.outWidth > 0 else {
                let map = "\(input[0])×\(input[1])"
                return (
                    "a \(k)×\(k) kernel with \(padding.rawValue) padding does not fit the \(map) map it gets",
                    "use padding: same, a smaller kernel, or fewer pooling layers before it"
                )
            }
        case .maxPool2d(let size), .averagePool2d(let size):
            guard isMap else { return ("pooling gets a flat vector of \(shown) values", "pool before flatten") }
            guard input[0] >= size, input[1] >= size else {
                return (
                    "pooling by \(size) shrinks the \(input[0])×\(input[1]) map it gets to nothing",
                    "remove a pooling layer or a valid-padded convolution before it, or pool by less"
                )
            }
        case .globalAveragePool2d:
            guard isMap else {
                return ("global_average_pool gets a flat vector", "use it on a conv layer's maps, before dense layers")
            }
        case .dense:
            guard input.count == 1 else {
                return ("dense gets a \(shown) map", "put `- flatten` (or `- global_average_pool`) before it")
            }
        case .relu, .gelu, .scale, .batchNorm, .dropout, .flatten:
            break
        case .normalize(let mean, _):
            guard mean.count == input.last else {
                return (
                    "normalize gives \(mean.count) means for the \(input.last ?? 0) channels it gets",
                    "give one mean and one std per channel (`normalize: cifar10` for CIFAR-10's images)"
                )
            }
        }
        return nil
    }
}

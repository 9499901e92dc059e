import NeuralNet

/// Why the numbers can be trusted: each layer type a study uses, checked at report time on a
/// tiny instance in Double — its backward pass against central finite differences of its forward
/// pass (`GradientCheck`), for the input and every parameter.
package struct EngineCheck: Codable, Sendable, Equatable {
    package var kind: LayerKind
    /// The largest relative error over the input's and the parameters' gradient elements.
    package var worstRelativeError: Double
    package var checkedElements: Int
    package var passed: Bool

    /// One check per layer kind in `kinds`, in `LayerKind` order.
    package static func run(_ kinds: Set<LayerKind>) -> [EngineCheck] {
        LayerKind.allCases.filter(kinds.contains).map { kind in
            let report = check(kind)
            return EngineCheck(
                kind: kind, worstRelativeError: report.worst, checkedElements: report.checked,
                passed: report.worst < GradientCheck.tolerance)
        }
    }

    static func check(_ kind: LayerKind) -> GradientCheck.Report {
        var g = SeededGenerator(seed: 11)
        let map = GradientCheck.randomTensor([2, 6, 5, 3], seed: 12)
        let training = Phase.training(step: 3)
        switch kind {
        case .conv2d:
            let layer = Conv2D<Double>(inputShape: [6, 5, 3], filters: 2, kernelSize: 3, padding: .same, generator: &g)
            layer.bias.value.assign(GradientCheck.randomTensor(layer.bias.value.shape, seed: 13).values)
            return GradientCheck.run(layer, input: map)
        case .dense:
            let layer = Dense<Double>(inputFeatures: 7, outputFeatures: 4, generator: &g)
            layer.bias.value.assign(GradientCheck.randomTensor(layer.bias.value.shape, seed: 13).values)
            return GradientCheck.run(layer, input: GradientCheck.randomTensor([3, 7], seed: 14))
        case .maxPooling2d: return GradientCheck.run(MaxPool2D<Double>(inputShape: [6, 5, 3], size: 2), input: map)
        case .averagePooling2d:
            return GradientCheck.run(AveragePool2D<Double>(inputShape: [6, 5, 3], size: 2), input: map)
        case .globalAveragePooling2d:
            return GradientCheck.run(GlobalAveragePool2D<Double>(inputShape: [6, 5, 3]), input: map)
        case .relu: return GradientCheck.run(ReLU<Double>(shape: [6, 5, 3]), input: map)
        case .gelu: return GradientCheck.run(GELU<Double>(shape: [6, 5, 3]), input: map)
        case .scale: return GradientCheck.run(Scale<Double>(shape: [6, 5, 3], factor: 1.0 / 9), input: map)
        case .normalization:
            let layer = Normalize<Double>(shape: [6, 5, 3], mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26])
            return GradientCheck.run(layer, input: map)
        case .flatten: return GradientCheck.run(Flatten<Double>(inputShape: [6, 5, 3]), input: map)
        case .batchNormalization:
            return GradientCheck.run(BatchNormalization<Double>(shape: [6, 5, 3]), input: map, phase: training)
        case .dropout:
            return GradientCheck.run(
                Dropout<Double>(shape: [6, 5, 3], rate: 0.3, seed: 15), input: map, phase: training)
        }
    }
}

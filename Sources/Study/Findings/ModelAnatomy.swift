import NeuralNet

/// Where a model's parameters and arithmetic are, from its description: the layer holding the most
/// parameters, its first convolution (whose weights every position shares), its receptive field,
/// and its arithmetic against a reference model's. The report's architecture prose states these.
package struct ModelAnatomy: Codable, Sendable, Equatable {
    /// A dense or conv layer's parameter count, factor by factor.
    package struct LayerArithmetic: Codable, Sendable, Equatable {
        package var kind: LayerKind
        /// The layer's input, per image: (H, W, C), or (N) after flattening.
        package var inputShape: [Int]
        /// Units of a dense layer, filters of a conv.
        package var units: Int
        /// Weights per unit: the inputs of a dense layer, k × k × C of a conv.
        package var weightsPerUnit: Int
        /// A conv's kernel side; nil for a dense layer.
        package var kernel: Int?
        /// The positions a conv's filters are applied at (its output's H × W); nil for a dense layer.
        package var positions: Int?
        package var parameters: Int
        /// The layer's parameters over the model's.
        package var share: Double

        package var weights: Int { units * weightsPerUnit }
    }

    package var model: StudyModel
    package var parameters: Int
    package var largest: LayerArithmetic?
    package var firstConvolution: LayerArithmetic?
    package var receptiveField: Int?
    package var multiplyAccumulates: Int
    /// The reference model (the first featured one) and this model's arithmetic over its.
    package var reference: StudyModel
    package var macRatio: Double

    init(_ d: ModelDescription, reference: ModelDescription) {
        model = d.model
        parameters = d.parameters
        let layers = d.layers.indices.compactMap { Self.arithmetic(d, layer: $0) }
        largest = layers.max { $0.parameters < $1.parameters }
        firstConvolution = layers.first { $0.kind == .conv2d }
        receptiveField = d.receptiveField
        multiplyAccumulates = d.multiplyAccumulates
        self.reference = reference.model
        macRatio = Double(d.multiplyAccumulates) / Double(max(reference.multiplyAccumulates, 1))
    }

    /// A dense or conv layer's factors, read back from its shapes and parameter count.
    static func arithmetic(_ d: ModelDescription, layer i: Int) -> LayerArithmetic? {
        let layer = d.layers[i]
        let input = i == 0 ? d.inputShape : d.layers[i - 1].outputShape
        let share = Double(layer.parameters) / Double(max(d.parameters, 1))
        switch layer.kind {
        case .dense:
            guard let units = layer.outputShape.last else { return nil }
            return LayerArithmetic(
                kind: .dense, inputShape: input, units: units, weightsPerUnit: input.reduce(1, *), kernel: nil,
                positions: nil, parameters: layer.parameters, share: share)
        case .conv2d:
            guard input.count == 3, layer.outputShape.count == 3, layer.outputShape[2] > 0 else { return nil }
            let filters = layer.outputShape[2]
            let channels = max(input[2], 1)
            // k·k·C weights per filter, and one bias unless the layer has none.
            let perFilter =
                [layer.parameters / filters - 1, layer.parameters / filters].first { w in
                    let side = Int(Double(w / channels).squareRoot().rounded())
                    return w > 0 && w % channels == 0 && side * side * channels == w
                } ?? layer.parameters / filters - 1
            let kernel = Int(Double(perFilter / channels).squareRoot().rounded())
            return LayerArithmetic(
                kind: .conv2d, inputShape: input, units: filters, weightsPerUnit: perFilter, kernel: kernel,
                positions: layer.outputShape[0] * layer.outputShape[1], parameters: layer.parameters, share: share)
        default:
            return nil
        }
    }
}

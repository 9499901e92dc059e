import NeuralNet

/// How a run's weights start, when not Keras' Glorot-uniform (`Sequential`'s): airbench's, which
/// is PyTorch's default for conv and dense weights, uniform in ±1/√fan_in, with the first
/// min(F, C) filters of every conv set to the identity (`torch.nn.init.dirac_`: filter i passes
/// channel i through its centre tap), so each conv starts close to passing its input on.
package enum WeightInitialisation: String, Codable, Sendable, Equatable, CaseIterable {
    case airbench

    /// Sets `model`'s conv and dense weights, from `seed`; biases stay 0.
    func apply(to model: Sequential<Float>, seed: UInt64) {
        var generator = SeededGenerator(seed: SeededGenerator.hash(seed, 0xD1_7AC))
        for layer in model.layers {
            if let conv = layer as? Conv2D<Float> {
                let shape = conv.weight.value.shape  // (F, k, k, C)
                let (filters, k, channels) = (shape[0], shape[1], shape[3])
                var values = uniform(count: conv.weight.value.count, fanIn: k * k * channels, &generator)
                for f in 0..<min(filters, channels) {
                    for i in (f * k * k * channels)..<((f + 1) * k * k * channels) { values[i] = 0 }
                    values[((f * k + k / 2) * k + k / 2) * channels + f] = 1
                }
                conv.weight.value.assign(values)
            } else if let dense = layer as? Dense<Float> {
                let fanIn = dense.inputShape[0]
                dense.weight.value.assign(uniform(count: dense.weight.value.count, fanIn: fanIn, &generator))
            }
        }
    }

    private func uniform(count: Int, fanIn: Int, _ generator: inout SeededGenerator) -> [Float] {
        let bound = 1 / Double(max(fanIn, 1)).squareRoot()
        return (0..<count).map { _ in Float((generator.nextUnit() * 2 - 1) * bound) }
    }
}

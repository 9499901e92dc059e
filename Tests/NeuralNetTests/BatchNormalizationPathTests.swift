import NeuralNet
import Testing

/// Batch normalisation's three ways of running must agree: with its ReLU folded in or not (same
/// bits in Double), and on oneDNN's primitive (channel blocks through it) against its own loops,
/// in a training step and at inference.
@Suite struct BatchNormalizationPathTests {
    /// Conv→BN→ReLU→pool twice (blocks pass through the normalisation) and dense→BN→ReLU.
    let architecture = Architecture(
        name: "bn", inputShape: [8, 8, 3],
        layers: [
            .conv2d(filters: 16, kernelSize: 3, padding: .same), .batchNorm(), .relu, .maxPool2d(size: 2),
            .conv2d(filters: 32, kernelSize: 3, padding: .same), .batchNorm(), .relu, .maxPool2d(size: 2),
            .flatten, .dense(units: 8), .batchNorm(), .relu, .dense(units: 3),
        ])
    let batch = 5

    func random(_ count: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in g.nextUnit() * 2 - 1 }
    }

    /// Everything one training step and one inference pass compute: logits, parameter gradients,
    /// moving statistics, then inference logits and an input gradient through the moving statistics.
    func outcomes<T: Scalar>(_ model: Sequential<T>) -> [[T]] {
        let x = Tensor<T>(shape: [batch] + architecture.inputShape, values: random(batch * 192, seed: 1).map { T($0) })
        let dLogits = Tensor<T>(shape: [batch, 3], values: random(batch * 3, seed: 2).map { T($0) })
        let logits = model.forward(x, phase: .training(step: 0)).values
        model.backward(dLogits)
        let gradients = model.parameters.map(\.gradient.values)
        let statistics = model.buffers.map(\.value.values)
        let inference = model.forward(x).values
        let dx = model.inputGradient(x, through: architecture.layers.count - 1, outputGradient: dLogits).values
        return [logits] + gradients + statistics + [inference, dx]
    }

    @Test func foldedReLUIsBitIdenticalInDouble() throws {
        let folded = try Sequential<Double>(architecture, seed: 3)
        let plain = try Sequential<Double>(architecture, seed: 3, options: EngineOptions(fusesActivations: false))
        #expect(folded.layers.count == architecture.layers.count - 3)
        #expect(outcomes(folded) == outcomes(plain))
    }

    @Test(arguments: [true, false])
    func oneDNNMatchesTheLoops(fusesActivations: Bool) throws {
        let fast = try Sequential<Float>(
            architecture, seed: 3, options: EngineOptions(convolution: .oneDNN, fusesActivations: fusesActivations))
        let loops = try Sequential<Float>(
            architecture, seed: 3, options: EngineOptions(convolution: .im2col, fusesActivations: fusesActivations))
        let norms = fast.layers.compactMap { $0 as? BatchNormalization<Float> }
        #expect(norms.count == 3)
        #if canImport(CDNNL)
        #expect(norms.allSatisfy { $0.runsOnOneDNN })
        let blocks = ActivationLayout.channelBlocksRunFast
        #expect(norms.map(\.layout) == (blocks ? [.channelBlocks16, .channelBlocks16, .nhwc] : [.nhwc, .nhwc, .nhwc]))
        #endif
        #expect(loops.layers.compactMap { $0 as? BatchNormalization<Float> }.allSatisfy { !$0.runsOnOneDNN })
        for (a, b) in zip(outcomes(fast), outcomes(loops)) {
            // A bias before a normalisation has a gradient of zero up to rounding (the mean is
            // taken away): such vectors are held to an absolute bound.
            let scale = max(b.map(abs).max() ?? 1, 0.1)
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(worst / scale < 2e-4, "max difference \(worst) at scale \(scale)")
        }
    }
}

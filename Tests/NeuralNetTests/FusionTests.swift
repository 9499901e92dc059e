import NeuralNet
import Testing

/// Folding ReLUs into their neighbours (`NetworkPlan`) must not change a bit:
/// the same model built fused and unfused gives the same logits, parameter gradients and input
/// gradient, for every engine and for windows whose maximum is negative (no gradient may pass).
@Suite struct FusionTests {
    /// Conv→ReLU→pool twice (folded), conv→ReLU→flatten and dense→ReLU→dense (not folded: no
    /// pooling after), on a batch centred on zero so that many pooling windows are all negative.
    let architecture = Architecture(
        name: "fusion", inputShape: [12, 12, 3],
        layers: [
            .conv2d(filters: 4, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2),
            .conv2d(filters: 16, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2),
            .conv2d(filters: 5, kernelSize: 3, padding: .valid), .relu,
            .flatten, .dense(units: 6), .relu, .dense(units: 3),
        ])

    func random(_ count: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in g.nextUnit() * 2 - 1 }
    }

    /// Logits, every parameter gradient and the input gradient of one step.
    func step<T: Scalar>(_ model: Sequential<T>, _ x: [Double], _ dLogits: [Double]) -> [[T]] {
        let n = 4
        let logits = model.forward(Tensor(shape: [n] + architecture.inputShape, values: x.map { T($0) })).values
        let dx = model.inputGradient(
            Tensor(shape: [n] + architecture.inputShape, values: x.map { T($0) }),
            through: architecture.layers.count - 1,
            outputGradient: Tensor(shape: [n, 3], values: dLogits.map { T($0) }))
        return [logits, dx.values] + model.parameters.map(\.gradient.values)
    }

    @Test func fusedDoubleIsBitIdentical() throws {
        let x = random(4 * 12 * 12 * 3, seed: 1)
        let g = random(12, seed: 2)
        let fused = try Sequential<Double>(architecture, seed: 3)
        let plain = try Sequential<Double>(architecture, seed: 3, options: EngineOptions(fusesActivations: false))
        #expect(fused.layers.count == architecture.layers.count - 2)
        #expect(plain.layers.count == architecture.layers.count)
        #expect(step(fused, x, g) == step(plain, x, g))
    }

    @Test(arguments: ConvolutionEngine.allCases)
    func fusedFloatMatches(_ engine: ConvolutionEngine) throws {
        let fused = try Sequential<Float>(architecture, seed: 3, options: EngineOptions(convolution: engine))
        let plain = try Sequential<Float>(
            architecture, seed: 3, options: EngineOptions(convolution: engine, fusesActivations: false))
        let x = random(4 * 12 * 12 * 3, seed: 1)
        let g = random(12, seed: 2)
        let a = step(fused, x, g)
        let b = step(plain, x, g)
        // Same kernels on the same numbers: ReLU as a post-op is max(·, 0) on the same sums.
        #expect(a == b)
        // The batch did exercise negative windows: some pooled outputs were routed nowhere.
        let pooled = fused.activations(
            Tensor(shape: [4] + architecture.inputShape, values: x.map { Float($0) }), through: 2)[2]
        #expect(pooled.values.contains(0))
    }
}

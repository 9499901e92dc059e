import NeuralNet
import Testing

@Suite struct SGDTests {
    /// Two Nesterov steps on θ = (1, −2) with α 0.1, μ 0.9, λ 0.01, by hand (PyTorch's rule):
    /// g' = g + λθ, b = μb + g' (b = g' first), θ −= α(g' + μb).
    @Test func twoNesterovStepsMatchPyTorchsRuleByHand() throws {
        var g = SeededGenerator(seed: 1)
        let dense = Dense<Double>(inputFeatures: 2, outputFeatures: 1, generator: &g)
        dense.weight.value.assign([1, -2])
        let sgd = SGD(
            groups: [
                (.init(learningRate: 0.1, weightDecay: 0.01), [dense.weight]), (.init(learningRate: 0), [dense.bias]),
            ],
            configuration: .init(momentum: 0.9, nesterov: true))
        dense.weight.gradient.assign([0.5, 0.25])
        sgd.update()
        #expect(zip(dense.weight.value.values, [0.9031, -2.0437]).allSatisfy { abs($0 - $1) < 1e-15 })
        dense.weight.gradient.assign([0.1, 0.1])
        sgd.update()
        #expect(zip(dense.weight.value.values, [0.84107411, -2.07744697]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(sgd.state.momenta[0].map(Double.init) == [0.568031, 0.286563].map { Double(Float($0)) })
    }

    /// A group's rate is scaled by the schedule's factor; another group keeps its own rate.
    @Test func eachGroupHasItsOwnRateAndTheScheduleScalesAll() {
        var g = SeededGenerator(seed: 2)
        let dense = Dense<Double>(inputFeatures: 1, outputFeatures: 1, generator: &g)
        dense.weight.value.assign([0])
        dense.bias.value.assign([0])
        let sgd = SGD(
            groups: [(.init(learningRate: 1), [dense.weight]), (.init(learningRate: 64), [dense.bias])],
            configuration: .init(momentum: 0, nesterov: false))
        dense.weight.gradient.assign([1])
        dense.bias.gradient.assign([1])
        sgd.update(rateFactor: 0.5)
        #expect(dense.weight.value.values == [-0.5] && dense.bias.value.values == [-32])
    }

    /// A run resumed from the saved state (Float, as training saves it) continues exactly.
    @Test func restoringTheStateContinuesExactly() throws {
        func model() -> (Dense<Float>, SGD<Float>) {
            var g = SeededGenerator(seed: 3)
            let dense = Dense<Float>(inputFeatures: 3, outputFeatures: 2, generator: &g)
            let sgd = SGD(groups: [(.init(learningRate: 0.05), dense.parameters)], configuration: .init(momentum: 0.85))
            return (dense, sgd)
        }
        let (a, sgdA) = model()
        for step in 0..<3 {
            a.weight.gradient.assign((0..<6).map { Float($0 - step) / 8 })
            a.bias.gradient.assign([0.5, -0.5])
            sgdA.update()
        }
        let (b, sgdB) = model()
        b.weight.value.assign(a.weight.value.values)
        b.bias.value.assign(a.bias.value.values)
        try sgdB.restore(sgdA.state)
        for (dense, sgd) in [(a, sgdA), (b, sgdB)] {
            dense.weight.gradient.assign((0..<6).map { Float($0) / 4 })
            dense.bias.gradient.assign([1, 1])
            sgd.update()
        }
        #expect(sgdB.step == 4)
        #expect(a.weight.value.values == b.weight.value.values && a.bias.value.values == b.bias.value.values)
    }
}

import Foundation
import NeuralNet
import Testing

/// Batch normalisation, dropout and average pooling: gradient checks in Double, known answers,
/// and what training and inference each do.
@Suite struct RegularisationLayerTests {
    func check(_ report: GradientCheck.Report) {
        #expect(report.worstInput < GradientCheck.tolerance)
        #expect(report.worstParameter < GradientCheck.tolerance)
    }

    func randomize(_ p: Parameter<Double>, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        p.value.assign((0..<p.value.count).map { _ in g.nextUnit() + 0.5 })
    }

    @Test(arguments: [([3, 4, 3], false), ([5], false), ([3, 4, 3], true)])
    func batchNormalizationInTraining(shape: [Int], rectifiesOutput: Bool) {
        let layer = BatchNormalization<Double>(shape: shape, rectifiesOutput: rectifiesOutput)
        randomize(layer.gamma, seed: 1)
        randomize(layer.beta, seed: 2)
        let report = GradientCheck.run(
            layer, input: GradientCheck.randomTensor([4] + shape, seed: 3), phase: .training(step: 0))
        #expect(report.checked == 4 * shape.reduce(1, *) + 2 * shape.last!)
        check(report)
    }

    @Test func batchNormalizationAtInference() {
        let layer = BatchNormalization<Double>(shape: [2, 2, 3])
        randomize(layer.gamma, seed: 4)
        layer.movingMean.value.assign([0.1, -0.2, 0.3])
        layer.movingVariance.value.assign([0.5, 2, 1.5])
        check(GradientCheck.run(layer, input: GradientCheck.randomTensor([3, 2, 2, 3], seed: 5)))
    }

    /// Two samples of two units, by hand: unit 0 sees 1 and 3 (μ = 2, σ² = 1), unit 1 sees 0 and 0.
    @Test func batchNormalizationKnownAnswers() {
        let layer = BatchNormalization<Double>(shape: [2])
        layer.gamma.value.assign([2, 1])
        layer.beta.value.assign([0.5, 0])
        let y = layer.forward(Tensor(shape: [2, 2], values: [1, 0, 3, 0]), phase: .training(step: 0)).values
        let s = 1 / (1 + 1e-3).squareRoot()
        #expect(abs(y[0] - (0.5 - 2 * s)) < 1e-12 && abs(y[2] - (0.5 + 2 * s)) < 1e-12)
        #expect(y[1] == 0 && y[3] == 0)
        // Moving statistics move 1% of the way: mean 0 → 0.02, variance 1 → 0.99 · 1 + 0.01 · 1.
        #expect(abs(layer.movingMean.value[flat: 0] - 0.02) < 1e-12)
        #expect(
            abs(layer.movingVariance.value[flat: 0] - 1) < 1e-12
                && abs(layer.movingVariance.value[flat: 1] - 0.99) < 1e-12)
        // At inference: y = γ (x − 0.02)/√(1 + ε) + β with the moving statistics.
        let z = layer.forward(Tensor(shape: [1, 2], values: [1, 0])).values
        #expect(abs(z[0] - (2 * 0.98 / (1 + 1e-3).squareRoot() + 0.5)) < 1e-12)
    }

    @Test func dropoutWithAFixedMask() {
        let layer = Dropout<Double>(shape: [6, 5], rate: 0.3, seed: 9)
        check(
            GradientCheck.run(layer, input: GradientCheck.randomTensor([3, 6, 5], seed: 6), phase: .training(step: 4)))
    }

    @Test func dropoutDropsTheRateScalesTheRestAndIsTheIdentityAtInference() {
        let layer = Dropout<Float>(shape: [1000], rate: 0.3, seed: 1)
        let x = Tensor<Float>(shape: [10, 1000], values: [Float](repeating: 1, count: 10_000))
        let y = layer.forward(x, phase: .training(step: 0)).values
        let dropped = y.filter { $0 == 0 }.count
        #expect(abs(Double(dropped) / 10_000 - 0.3) < 0.02)
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        #expect(
            layer.forward(x, phase: .training(step: 0)).values == y, "a step's mask is fixed by the seed and the step")
        #expect(layer.forward(x, phase: .training(step: 1)).values != y)
        #expect(layer.forward(x).values == x.values)
    }

    @Test func averagePooling() {
        // 5×7: the odd last row and column are dropped and get zero gradient.
        check(
            GradientCheck.run(
                AveragePool2D<Double>(inputShape: [5, 7, 3], size: 2),
                input: GradientCheck.randomTensor([2, 5, 7, 3], seed: 8)))
        let y = AveragePool2D<Double>(inputShape: [2, 2, 1]).forward(
            Tensor(shape: [1, 2, 2, 1], values: [1, 2, 3, 6])
        ).values
        #expect(y == [3])
    }

    @Test func globalAveragePooling() {
        check(
            GradientCheck.run(
                GlobalAveragePool2D<Double>(inputShape: [3, 4, 2]),
                input: GradientCheck.randomTensor([2, 3, 4, 2], seed: 9)))
        let y = GlobalAveragePool2D<Double>(inputShape: [2, 1, 2]).forward(
            Tensor(shape: [1, 2, 1, 2], values: [1, 10, 3, 30])
        ).values
        #expect(y == [2, 20])
    }

    let architecture = Architecture(
        name: "regularised", inputShape: [8, 8, 3],
        layers: [
            .conv2d(filters: 16, kernelSize: 3, padding: .same), .batchNorm(), .relu, .maxPool2d(size: 2),
            .conv2d(filters: 8, kernelSize: 3, padding: .same), .relu, .averagePool2d(size: 2),
            .globalAveragePool2d, .dropout(rate: 0.5), .dense(units: 4),
        ])

    @Test func checkpointKeepsTheMovingStatisticsAndReadsVersionOne() throws {
        let model = try Sequential<Float>(architecture, seed: 2)
        var g = SeededGenerator(seed: 3)
        let x = Tensor<Float>(shape: [4, 8, 8, 3], values: (0..<768).map { _ in Float(g.nextUnit()) })
        _ = model.forward(x, phase: .training(step: 0))
        let data = try Checkpoint.encode(model, classNames: ["a", "b", "c", "d"])
        let (loaded, header): (Sequential<Float>, Checkpoint.Header) = try Checkpoint.decode(data, source: "m.weights")
        #expect(header.parameters.filter { $0.trainable == false }.map(\.name) == ["moving_mean", "moving_variance"])
        #expect(loaded.buffers.map(\.value.values) == model.buffers.map(\.value.values))
        #expect(loaded.buffers.first?.value.values != [Float](repeating: 0, count: 16), "the moving mean moved")
        #expect(loaded.forward(x).values == model.forward(x).values)
        // A version-1 file (no buffers, as the architectures of version 1 had none) still loads.
        var version1 = try Checkpoint.encode(
            try Sequential<Float>(StudyArchitectures.small, seed: 1), classNames: ["a", "b"])
        version1[8] = 1
        let (old, _): (Sequential<Float>, Checkpoint.Header) = try Checkpoint.decode(version1, source: "old.weights")
        #expect(old.parameterCount > 0)
    }

    @Test func newLayersRoundTripThroughJSONAndBadRatesAreRefused() throws {
        let decoded = try JSONDecoder().decode(Architecture.self, from: JSONEncoder().encode(architecture))
        #expect(decoded == architecture)
        #expect(try architecture.outputShapes().last == [4])
        #expect(try architecture.summary()[1].parameters == 32)
        var bad = architecture
        bad.layers[8] = .dropout(rate: 1)
        #expect(throws: ArchitectureError.self) { try bad.outputShapes() }
    }
}

enum StudyArchitectures {
    static let small = Architecture(name: "small", inputShape: [4, 4, 1], layers: [.flatten, .dense(units: 2)])
}

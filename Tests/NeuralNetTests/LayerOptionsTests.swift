import Foundation
import NeuralNet
import Testing

/// The layer settings airbench's network needs: convs and dense layers without a bias, an even
/// kernel with valid padding (its 2×2 whitening layer), batch norm with its own momentum and ε and
/// without a trained scale. Checked by finite differences in Double, by hand, against oneDNN, and
/// as JSON (layers at their defaults encode as they always did: no cache key moves).
@Suite struct LayerOptionsTests {
    func check(_ report: GradientCheck.Report, checked: Int? = nil) {
        if let checked { #expect(report.checked == checked) }
        #expect(report.worstInput < GradientCheck.tolerance)
        #expect(report.worstParameter < GradientCheck.tolerance)
    }

    @Test(arguments: [true, false])
    func twoByTwoValidConvolution(bias: Bool) {
        var g = SeededGenerator(seed: 21)
        let layer = Conv2D<Double>(
            inputShape: [5, 6, 3], filters: 4, kernelSize: 2, padding: .valid, addsBias: bias, generator: &g)
        #expect(layer.outputShape == [4, 5, 4])
        #expect(layer.parameters.map(\.name) == (bias ? ["kernel", "bias"] : ["kernel"]))
        let report = GradientCheck.run(layer, input: GradientCheck.randomTensor([2, 5, 6, 3], seed: 22))
        check(report, checked: 2 * 5 * 6 * 3 + 4 * 2 * 2 * 3 + (bias ? 4 : 0))
    }

    @Test func denseWithoutBiasIsXTimesW() {
        var g = SeededGenerator(seed: 23)
        let layer = Dense<Double>(inputFeatures: 3, outputFeatures: 2, addsBias: false, generator: &g)
        layer.weight.value.assign([1, 2, 3, 4, 5, 6])
        let y = layer.forward(Tensor(shape: [1, 3], values: [1, -1, 2])).values
        #expect(y == [8, 10])  // (1, −1, 2)·((1, 2), (3, 4), (5, 6)), nothing added
        check(GradientCheck.run(layer, input: GradientCheck.randomTensor([4, 3], seed: 24)), checked: 4 * 3 + 3 * 2)
    }

    /// A norm of airbench's kind: its own momentum, ε = 10⁻¹², γ fixed at 1.
    @Test func batchNormWithoutScaleTrainsItsShiftOnly() {
        let layer = BatchNormalization<Double>(shape: [4, 3, 2], momentum: 0.4, epsilon: 1e-12, scales: false)
        #expect(layer.parameters.map(\.name) == ["beta"])
        check(
            GradientCheck.run(
                layer, input: GradientCheck.randomTensor([3, 4, 3, 2], seed: 25), phase: .training(step: 0)),
            checked: 3 * 4 * 3 * 2 + 2)
    }

    @Test func batchNormMomentumAndEpsilonByHand() {
        let layer = BatchNormalization<Double>(shape: [1], momentum: 0.4, epsilon: 1e-12, scales: false)
        layer.beta.value.assign([0.25])
        let y = layer.forward(Tensor(shape: [2, 1], values: [1, 3]), phase: .training(step: 0)).values
        // μ = 2, σ² = 1: x̂ = ∓1 (ε too small to show), y = x̂ + β.
        #expect(abs(y[0] - (-0.75)) < 1e-12 && abs(y[1] - 1.25) < 1e-12)
        // The moving averages keep 40% of the old value: 0.4·0 + 0.6·2, 0.4·1 + 0.6·1.
        #expect(abs(layer.movingMean.value[flat: 0] - 1.2) < 1e-12)
        #expect(abs(layer.movingVariance.value[flat: 0] - 1) < 1e-12)
    }

    /// Per channel of the last axis: (x − m)/s, and dy/s back; no parameters.
    @Test func normalizeByHandAndByFiniteDifferences() {
        let layer = Normalize<Double>(shape: [2, 1, 3], mean: [0.5, 0, -1], std: [0.25, 2, 4])
        let y = layer.forward(Tensor(shape: [1, 2, 1, 3], values: [1, 2, 3, 0.5, -2, -1])).values
        #expect(y == [2, 1, 1, 0, -1, 0])
        #expect(layer.parameters.isEmpty)
        check(GradientCheck.run(layer, input: GradientCheck.randomTensor([3, 2, 1, 3], seed: 26)), checked: 18)
        #expect(throws: ArchitectureError.self) {
            try LayerSpec.normalize(mean: [0], std: [1]).outputShape(for: [4, 4, 3], at: 0)
        }
        #expect(throws: ArchitectureError.self) {
            try LayerSpec.normalize(mean: [0, 0, 0], std: [1, 0, 1]).outputShape(for: [4, 4, 3], at: 0)
        }
    }

    /// A small network of airbench's shape: normalised inputs, a 2×2 valid conv with a bias, GELU, then
    /// conv (no bias) → pool → norm (no scale) → GELU, a pool by 3 that floors, dense without a bias
    /// and a scale.
    static let airbenchShaped = Architecture(
        name: "airbench-shaped", inputShape: [9, 9, 3],
        layers: [
            .cifar10Normalization, .conv2d(filters: 24, kernelSize: 2, padding: .valid), .gelu,
            .conv2d(filters: 16, kernelSize: 3, padding: .same, bias: false), .maxPool2d(size: 2),
            .batchNorm(BatchNormSettings(momentum: 0.4, epsilon: 1e-12, scales: false)), .gelu,
            .conv2d(filters: 32, kernelSize: 3, padding: .same, bias: false),
            .batchNorm(BatchNormSettings(momentum: 0.4, epsilon: 1e-12, scales: false)), .gelu,
            .maxPool2d(size: 3), .flatten, .dense(units: 5, bias: false), .scale(factor: 1.0 / 9),
        ])

    @Test func summaryCountsWhatTheBuiltNetworkTrains() throws {
        let network = try Sequential<Float>(Self.airbenchShaped, seed: 1)
        let expected = (2 * 2 * 3 * 24 + 24) + 3 * 3 * 24 * 16 + 16 + 3 * 3 * 16 * 32 + 32 + 32 * 5
        #expect(network.parameterCount == expected)
        #expect(try Self.airbenchShaped.parameterCount() == expected)
        #expect(try Self.airbenchShaped.outputShapes().last == [5])
    }

    /// oneDNN (convolutions and norms) against the engine's own loops: one training step's logits,
    /// gradients and moving statistics, then inference logits.
    @Test func oneDNNMatchesTheLoops() throws {
        let fast = try Sequential<Float>(Self.airbenchShaped, seed: 3, options: EngineOptions(convolution: .oneDNN))
        let loops = try Sequential<Float>(Self.airbenchShaped, seed: 3, options: EngineOptions(convolution: .im2col))
        #if canImport(CDNNL)
        let convolutions = fast.layers.compactMap { $0 as? Conv2D<Float> }
        #expect(convolutions.allSatisfy { $0.runsOnOneDNN })
        #endif
        for (a, b) in zip(outcomes(fast), outcomes(loops)) {
            let scale = max(b.map(abs).max() ?? 1, 0.1)
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(worst / scale < 2e-4, "max difference \(worst) at scale \(scale)")
        }
    }

    func outcomes(_ model: Sequential<Float>) -> [[Float]] {
        var g = SeededGenerator(seed: 4)
        let batch = 6
        let x = Tensor<Float>(shape: [batch, 9, 9, 3], values: (0..<batch * 243).map { _ in Float(g.nextUnit()) })
        let dLogits = Tensor<Float>(shape: [batch, 5], values: (0..<batch * 5).map { _ in Float(g.nextUnit() - 0.5) })
        let logits = model.forward(x, phase: .training(step: 0)).values
        model.backward(dLogits)
        return [logits] + model.parameters.map(\.gradient.values) + model.buffers.map(\.value.values)
            + [model.forward(x).values]
    }

    @Test func defaultsEncodeAsBeforeAndSettingsRoundTrip() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ spec: LayerSpec) throws -> String { String(decoding: try encoder.encode(spec), as: UTF8.self) }
        #expect(try json(.batchNorm()) == #"{"batchNorm":{}}"#)
        #expect(try json(.dense(units: 10)) == #"{"dense":{"units":10}}"#)
        #expect(
            try json(.conv2d(filters: 8, kernelSize: 3, padding: .same))
                == #"{"conv2d":{"filters":8,"kernelSize":3,"padding":"same"}}"#)
        #expect(try json(.dense(units: 10, bias: false)) == #"{"dense":{"bias":false,"units":10}}"#)
        #expect(
            try json(.batchNorm(BatchNormSettings(momentum: 0.4, epsilon: 1e-12, scales: false)))
                == #"{"batchNorm":{"epsilon":1e-12,"momentum":0.4,"scales":false}}"#)
        let read = try JSONDecoder().decode(Architecture.self, from: try encoder.encode(Self.airbenchShaped))
        #expect(read == Self.airbenchShaped)
    }

    @Test func refusesWhatCannotBeBuilt() {
        func refused(_ layer: LayerSpec, _ input: [Int]) -> Bool {
            (try? layer.outputShape(for: input, at: 0)) == nil
        }
        #expect(refused(.conv2d(filters: 4, kernelSize: 2, padding: .same), [8, 8, 3]))
        #expect(!refused(.conv2d(filters: 4, kernelSize: 2, padding: .valid), [8, 8, 3]))
        #expect(refused(.batchNorm(BatchNormSettings(momentum: 1)), [4]))
        #expect(refused(.batchNorm(BatchNormSettings(epsilon: 0)), [4]))
    }

    @Test func checkpointsKeepOnlyTrainedTensorsAndReadBack() throws {
        let network = try Sequential<Float>(Self.airbenchShaped, seed: 5)
        for (i, p) in network.parameters.enumerated() {
            p.value.assign(p.value.values.enumerated().map { Float(($0.offset * 7 + i) % 11) / 11 - 0.5 })
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("options-\(UUID()).weights")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(network, classNames: (0..<5).map(String.init), to: url)
        let (read, _): (Sequential<Float>, Checkpoint.Header) = try Checkpoint.load(
            from: url, expecting: Self.airbenchShaped)
        let x = Tensor<Float>(shape: [2, 9, 9, 3], values: (0..<486).map { Float($0 % 13) / 13 })
        #expect(read.forward(x).values == network.forward(x).values)
        #expect(read.parameters.map(\.name) == network.parameters.map(\.name))
        #expect(!read.parameters.map(\.name).contains("gamma"))
    }
}

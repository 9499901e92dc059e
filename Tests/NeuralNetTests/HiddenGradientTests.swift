import NeuralNet
import Testing

@Suite struct HiddenGradientTests {
    let architecture = Architecture(
        name: "tiny", inputShape: [6, 6, 2],
        layers: [
            .conv2d(filters: 3, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2),
            .conv2d(filters: 2, kernelSize: 3, padding: .same, stride: 2), .relu, .flatten, .dense(units: 4),
        ])

    /// The gradient of one hidden unit with respect to the input, against central differences.
    @Test func inputGradientOfAHiddenUnitMatchesFiniteDifferences() throws {
        let model = try Sequential<Double>(architecture, seed: 3)
        let x = GradientCheck.randomTensor([2, 6, 6, 2], seed: 4)
        let last = 3  // the strided conv, output (2, 2, 2) per sample
        var seed = [Double](repeating: 0, count: 2 * 2 * 2 * 2)
        seed[1 * 8 + (1 * 2 + 0) * 2 + 1] = 1  // sample 1, position (1, 0), channel 1
        let g = Tensor<Double>(shape: [2, 2, 2, 2], values: seed)
        let analytic = model.inputGradient(x, through: last, outputGradient: g).values
        func unit() -> Double {
            zip(model.activations(x, through: last)[last].values, seed).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var worst = 0.0
        var nonzero = 0
        for i in 0..<x.count {
            let numeric = GradientCheck.centralDifference(get: { x[flat: i] }, set: { x[flat: i] = $0 }, loss: unit)
            worst = max(worst, GradientCheck.relativeError(analytic[i], numeric))
            if abs(analytic[i]) > 0 { nonzero += 1 }
        }
        #expect(worst < GradientCheck.tolerance)
        // Only sample 1 and only a window of the input can reach the unit.
        #expect(analytic[0..<72].allSatisfy { $0 == 0 })
        #expect(nonzero > 0 && nonzero < 72)
    }

    @Test func activationsAreEachLayersOutput() throws {
        let model = try Sequential<Double>(architecture, seed: 3)
        let x = GradientCheck.randomTensor([2, 6, 6, 2], seed: 5)
        let outputs = model.activations(x, through: architecture.layers.count - 1)
        #expect(outputs.map { Array($0.shape.dropFirst()) } == (try architecture.outputShapes()))
        #expect(outputs.last!.values == model.forward(x).values)
        #expect(outputs[1].values.allSatisfy { $0 >= 0 })
    }
}

import NeuralNet
import Testing

@Suite("Gradient checks: analytic backward vs central differences, in Double")
struct LayerGradientTests {
    @Test func dense() {
        var g = SeededGenerator(seed: 1)
        let layer = Dense<Double>(inputFeatures: 5, outputFeatures: 4, generator: &g)
        randomizeBias(layer.bias, seed: 2)
        let report = GradientCheck.run(layer, input: GradientCheck.randomTensor([3, 5], seed: 3))
        #expect(report.checked == 3 * 5 + 5 * 4 + 4)
        #expect(report.worstInput < GradientCheck.tolerance)
        #expect(report.worstParameter < GradientCheck.tolerance)
    }

    @Test(arguments: [(3, Padding.same), (3, .valid), (5, .same), (5, .valid)])
    func conv2D(kernel: Int, padding: Padding) {
        var g = SeededGenerator(seed: 4)
        let layer = Conv2D<Double>(
            inputShape: [7, 6, 2], filters: 3, kernelSize: kernel, padding: padding, generator: &g)
        randomizeBias(layer.bias, seed: 5)
        let report = GradientCheck.run(layer, input: GradientCheck.randomTensor([2, 7, 6, 2], seed: 6))
        #expect(report.checked == 2 * 7 * 6 * 2 + 3 * kernel * kernel * 2 + 3)
        #expect(report.worstInput < GradientCheck.tolerance)
        #expect(report.worstParameter < GradientCheck.tolerance)
    }

    /// Stride 2 on odd and even sizes: the last rows/columns that no window reaches get zero gradient.
    @Test(arguments: [(3, Padding.same), (3, .valid), (5, .same)])
    func stridedConv2D(kernel: Int, padding: Padding) {
        var g = SeededGenerator(seed: 14)
        let layer = Conv2D<Double>(
            inputShape: [7, 8, 2], filters: 3, kernelSize: kernel, padding: padding, stride: 2, generator: &g)
        randomizeBias(layer.bias, seed: 15)
        let report = GradientCheck.run(layer, input: GradientCheck.randomTensor([2, 7, 8, 2], seed: 16))
        #expect(report.worstInput < GradientCheck.tolerance)
        #expect(report.worstParameter < GradientCheck.tolerance)
    }

    @Test func maxPool2D() {
        // 5×7: the odd last row and column are dropped and must get zero gradient.
        let layer = MaxPool2D<Double>(inputShape: [5, 7, 3], size: 2)
        let report = GradientCheck.run(layer, input: GradientCheck.randomTensor([2, 5, 7, 3], seed: 8))
        #expect(report.worstInput < GradientCheck.tolerance)
    }

    @Test func relu() {
        let layer = ReLU<Double>(shape: [4, 3])
        let report = GradientCheck.run(layer, input: GradientCheck.randomTensor([2, 4, 3], seed: 9))
        #expect(report.worstInput < GradientCheck.tolerance)
    }

    @Test func flatten() {
        let layer = Flatten<Double>(inputShape: [2, 3, 4])
        let report = GradientCheck.run(layer, input: GradientCheck.randomTensor([2, 2, 3, 4], seed: 10))
        #expect(report.checked == 48)
        #expect(report.worstInput < GradientCheck.tolerance)
    }

    @Test(arguments: [0, 0.2]) func softmaxCrossEntropy(labelSmoothing: Double) {
        let logits = GradientCheck.randomTensor([4, 6], seed: 11)
        let labels = [0, 5, 2, 2]
        let loss = SoftmaxCrossEntropy<Double>(labelSmoothing: labelSmoothing)
        let analytic = loss(logits: logits, labels: labels).gradient.values
        var worst = 0.0
        for i in 0..<logits.count {
            let numeric = GradientCheck.centralDifference(
                get: { logits[flat: i] }, set: { logits[flat: i] = $0 },
                loss: { loss(logits: logits, labels: labels).loss })
            worst = max(worst, GradientCheck.relativeError(analytic[i], numeric))
        }
        #expect(worst < GradientCheck.tolerance)
    }

    /// The whole chain at once: conv → relu → pool → conv(valid) → flatten → dense, through
    /// `Sequential`, checked on the loss with respect to every parameter.
    @Test func smallNetworkEndToEnd() throws {
        let architecture = Architecture(
            name: "tiny", inputShape: [6, 6, 2],
            layers: [
                .conv2d(filters: 3, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2),
                .conv2d(filters: 2, kernelSize: 3, padding: .valid), .flatten, .dense(units: 4),
            ])
        let model = try Sequential<Double>(architecture, seed: 12)
        let x = GradientCheck.randomTensor([3, 6, 6, 2], seed: 13)
        let labels = [1, 3, 0]
        let loss = SoftmaxCrossEntropy<Double>()
        func value() -> Double { loss(logits: model.forward(x), labels: labels).loss }
        model.backward(loss(logits: model.forward(x), labels: labels).gradient)
        var worst = 0.0
        var checked = 0
        for p in model.parameters {
            let analytic = p.gradient.values
            for i in 0..<p.value.count {
                let numeric = GradientCheck.centralDifference(
                    get: { p.value[flat: i] }, set: { p.value[flat: i] = $0 }, loss: value)
                worst = max(worst, GradientCheck.relativeError(analytic[i], numeric))
                checked += 1
            }
        }
        #expect(checked == model.parameterCount)
        #expect(worst < GradientCheck.tolerance)
    }

    private func randomizeBias(_ bias: Parameter<Double>, seed: UInt64) {
        bias.value.assign(GradientCheck.randomTensor(bias.value.shape, seed: seed).values)
    }
}

import NeuralNet
import Testing

/// oneDNN's convolution primitives against im2col + GEMM (itself checked against finite
/// differences in Double): the same layer, the same weights, the same batch.
@Suite struct ConvolutionEngineTests {
    struct Case: Sendable, CustomStringConvertible {
        var input: [Int], filters: Int, kernel: Int, padding: Padding, stride: Int
        var description: String { "\(input) → \(filters), \(kernel)×\(kernel) \(padding) /\(stride)" }
    }

    static let cases = [
        Case(input: [7, 8, 2], filters: 3, kernel: 3, padding: .same, stride: 1),
        Case(input: [7, 8, 2], filters: 3, kernel: 5, padding: .valid, stride: 1),
        Case(input: [8, 7, 3], filters: 4, kernel: 3, padding: .same, stride: 2),
        Case(input: [32, 32, 3], filters: 32, kernel: 3, padding: .same, stride: 1),
        Case(input: [16, 16, 32], filters: 64, kernel: 5, padding: .same, stride: 1),
        // Winograd: cnn3's second layer, and odd sizes that leave partial 4×4 tiles.
        Case(input: [16, 16, 32], filters: 64, kernel: 3, padding: .same, stride: 1),
        Case(input: [9, 10, 16], filters: 8, kernel: 3, padding: .same, stride: 1),
        Case(input: [9, 10, 16], filters: 8, kernel: 3, padding: .valid, stride: 1),
    ]

    func random(_ count: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(g.nextUnit() * 2 - 1) }
    }

    /// max |a − b| relative to the largest |b|.
    func distance(_ a: [Float], _ b: [Float]) -> Float {
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / max(scale, 1e-12) } ?? 0
    }

    @Test(arguments: cases)
    func oneDNNMatchesIm2col(_ c: Case) {
        var g1 = SeededGenerator(seed: 3)
        var g2 = SeededGenerator(seed: 3)
        let fast = Conv2D<Float>(
            inputShape: c.input, filters: c.filters, kernelSize: c.kernel, padding: c.padding, stride: c.stride,
            engine: .oneDNN, generator: &g1)
        let reference = Conv2D<Float>(
            inputShape: c.input, filters: c.filters, kernelSize: c.kernel, padding: c.padding, stride: c.stride,
            engine: .im2col, generator: &g2)
        #if canImport(CDNNL)
        #expect(fast.runsOnOneDNN)
        // oneDNN 2.6 has Winograd in its AVX-512 kernels only.
        if c.input == [16, 16, 32] && c.kernel == 3 {
            #expect(fast.runsAsWinograd == ActivationLayout.channelBlocksRunFast)
        }
        if c.input[2] < 16 || c.kernel != 3 || c.stride != 1 { #expect(!fast.runsAsWinograd) }
        #endif
        #expect(!reference.runsOnOneDNN)
        let bias = random(c.filters, seed: 4)
        fast.bias.value.assign(bias)
        reference.bias.value.assign(bias)
        let batch = 3
        let x = Tensor<Float>(shape: [batch] + c.input, values: random(batch * c.input.reduce(1, *), seed: 5))
        let y = fast.forward(x).values
        let yRef = reference.forward(x).values
        #expect(y.count == yRef.count)
        #expect(distance(y, yRef) < 1e-5)
        let dy = Tensor<Float>(shape: [batch] + fast.outputShape, values: random(y.count, seed: 6))
        let dx = fast.backward(dy).values
        let dxRef = reference.backward(dy).values
        #expect(distance(dx, dxRef) < 1e-5)
        #expect(distance(fast.weight.gradient.values, reference.weight.gradient.values) < 1e-5)
        #expect(distance(fast.bias.gradient.values, reference.bias.gradient.values) < 1e-5)
        // As a first layer (no input gradient), the parameter gradients stay the same.
        var g3 = SeededGenerator(seed: 3)
        let first = Conv2D<Float>(
            inputShape: c.input, filters: c.filters, kernelSize: c.kernel, padding: c.padding, stride: c.stride,
            engine: .oneDNN, needsInputGradient: false, generator: &g3)
        first.bias.value.assign(bias)
        _ = first.forward(x)
        #expect(first.backward(dy, needsInputGradient: false) == nil)
        #expect(distance(first.weight.gradient.values, reference.weight.gradient.values) < 1e-5)
        // …and still gives dx when asked after all (an input gradient through the whole network).
        _ = first.forward(x)
        #expect(distance(first.backward(dy).values, dxRef) < 1e-5)
        // A second batch of another size reuses nothing stale.
        let x2 = Tensor<Float>(shape: [1] + c.input, values: random(c.input.reduce(1, *), seed: 7))
        #expect(distance(fast.forward(x2).values, reference.forward(x2).values) < 1e-5)
    }
}

import Foundation
import NeuralNet
import Testing

/// Tiny cases whose answers are worked out by hand in the comments.
@Suite struct KnownAnswerTests {
    /// A 4×4 image holding 0…15 row by row, one channel.
    let ramp = Tensor<Float>(shape: [1, 4, 4, 1], values: (0..<16).map(Float.init))

    @Test func convolutionWithKernelOfOnesSumsNeighbourhoods() {
        var g = SeededGenerator(seed: 0)
        let same = Conv2D<Float>(inputShape: [4, 4, 1], filters: 1, kernelSize: 3, padding: .same, generator: &g)
        same.weight.value.assign(Array(repeating: 1, count: 9))
        // Each output is the sum of the 3×3 neighbourhood, zeros outside: e.g. top-left 0+1+4+5 = 10.
        #expect(
            same.forward(ramp).values == [
                10, 18, 24, 18,
                27, 45, 54, 39,
                51, 81, 90, 63,
                42, 66, 72, 50,
            ])
        let valid = Conv2D<Float>(inputShape: [4, 4, 1], filters: 1, kernelSize: 3, padding: .valid, generator: &g)
        valid.weight.value.assign(Array(repeating: 1, count: 9))
        valid.bias.value.assign([0.5])
        #expect(valid.forward(ramp).values == [45.5, 54.5, 81.5, 90.5])
    }

    @Test func stridedConvolutionKeepsEverySecondPosition() {
        // Stride 2 with `same` padding samples the stride-1 output above at rows and columns 0 and 2.
        var g = SeededGenerator(seed: 0)
        let conv = Conv2D<Float>(
            inputShape: [4, 4, 1], filters: 1, kernelSize: 3, padding: .same, stride: 2, generator: &g)
        conv.weight.value.assign(Array(repeating: 1, count: 9))
        #expect(conv.outputShape == [2, 2, 1])
        #expect(conv.forward(ramp).values == [10, 24, 51, 90])
    }

    @Test func convolutionMixesChannelsPerFilter() {
        // Two channels (c0 = 1, c1 = 10 everywhere), 1×1 kernels: filter 0 = c0 + c1, filter 1 = 2·c0 − c1.
        var g = SeededGenerator(seed: 0)
        let conv = Conv2D<Float>(inputShape: [2, 2, 2], filters: 2, kernelSize: 1, padding: .same, generator: &g)
        conv.weight.value.assign([1, 1, 2, -1])
        let x = Tensor<Float>(shape: [1, 2, 2, 2], values: [1, 10, 1, 10, 1, 10, 1, 10])
        #expect(conv.forward(x).values == [11, -8, 11, -8, 11, -8, 11, -8])
    }

    @Test func maxPoolingTakesEachWindowsMaximumAndRoutesTheGradientThere() {
        let pool = MaxPool2D<Float>(inputShape: [4, 4, 1], size: 2)
        #expect(pool.forward(ramp).values == [5, 7, 13, 15])
        let dx = pool.backward(Tensor(shape: [1, 2, 2, 1], values: [1, 2, 3, 4])).values
        #expect(
            dx == [
                0, 0, 0, 0,
                0, 1, 0, 2,
                0, 0, 0, 0,
                0, 3, 0, 4,
            ])
    }

    @Test func denseIsAnAffineMap() {
        var g = SeededGenerator(seed: 0)
        let dense = Dense<Float>(inputFeatures: 2, outputFeatures: 3, generator: &g)
        dense.weight.value.assign([
            1, 2, 3,
            4, 5, 6,
        ])
        dense.bias.value.assign([0.5, 0, -1])
        // [1, 2] · W + b = [1 + 8 + 0.5, 2 + 10, 3 + 12 − 1]
        #expect(dense.forward(Tensor(shape: [1, 2], values: [1, 2])).values == [9.5, 12, 14])
    }

    @Test func reluZeroesNegatives() {
        let relu = ReLU<Float>(shape: [4])
        #expect(relu.forward(Tensor(shape: [1, 4], values: [-2, 0, 0.5, 3])).values == [0, 0, 0.5, 3])
        #expect(relu.backward(Tensor(shape: [1, 4], values: [1, 1, 1, 1])).values == [0, 0, 1, 1])
    }

    /// PyTorch's CrossEntropyLoss(label_smoothing=0.2) on logits (1, 2, 3), label 0, by hand:
    /// q = (0.8 + 0.2/3, 0.2/3, 0.2/3), loss −Σ q log softmax, gradient softmax − q.
    @Test func labelSmoothingSpreadsAShareOfTheTargetOverEveryClass() {
        let loss = SoftmaxCrossEntropy<Double>(labelSmoothing: 0.2)
        let result = loss(logits: Tensor(shape: [1, 3], values: [1, 2, 3]), labels: [0])
        #expect(abs(result.loss - 2.20760596444438) < 1e-12)
        let expected = [-0.7766360934962863, 0.17806180438813096, 0.5985742891081551]
        #expect(zip(result.gradient.values, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func softmaxOfEqualLogitsIsUniformAndLossIsLogK() {
        let loss = SoftmaxCrossEntropy<Double>()
        let result = loss(logits: Tensor(shape: [2, 4], values: Array(repeating: 3, count: 8)), labels: [0, 3])
        #expect(abs(result.loss - Foundation.log(4.0)) < 1e-12)
        // (1/4 − onehot) / N
        #expect(result.gradient.values == [-0.375, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375])
    }

    @Test func softmaxStaysFiniteForHugeLogits() {
        let loss = SoftmaxCrossEntropy<Float>()
        let result = loss(logits: Tensor(shape: [1, 3], values: [1000, -1000, 0]), labels: [1])
        #expect(result.loss.isFinite)
        #expect(result.loss > 80)  // −log of the smallest normal Float ≈ 87.3
        #expect(result.correct == 0)
    }
}

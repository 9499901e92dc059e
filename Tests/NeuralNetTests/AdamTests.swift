import Foundation
import NeuralNet
import Testing

@Suite struct AdamTests {
    /// Two steps on a Dense layer's parameters, against Keras' update written out longhand.
    @Test func matchesKerasUpdateRule() {
        var g = SeededGenerator(seed: 3)
        let dense = Dense<Double>(inputFeatures: 2, outputFeatures: 2, generator: &g)
        let adam = Adam(parameters: dense.parameters)
        let theta0 = dense.weight.value.values
        let gradients: [[Double]] = [[0.5, -2, 1e-3, 0], [0.25, 1, -1e-3, 0]]
        var expected = theta0
        var m = [Double](repeating: 0, count: 4)
        var v = m
        for (t, grad) in gradients.enumerated() {
            dense.weight.gradient.assign(grad)
            adam.update()
            if t == 0 {
                // The first step moves every weight with a non-zero gradient by about the learning rate.
                #expect(abs(abs(dense.weight.value[flat: 1] - theta0[1]) - 1e-3) < 1e-6)
                #expect(dense.weight.value[flat: 3] == theta0[3])
            }
            let step = 1e-3 * (1 - pow(0.999, Double(t + 1))).squareRoot() / (1 - pow(0.9, Double(t + 1)))
            for i in 0..<4 {
                m[i] = 0.9 * m[i] + 0.1 * grad[i]
                v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i]
                expected[i] -= step * m[i] / (v[i].squareRoot() + 1e-7)
            }
        }
        #expect(adam.step == 2)
        for (a, b) in zip(dense.weight.value.values, expected) { #expect(abs(a - b) < 1e-15) }
    }
}

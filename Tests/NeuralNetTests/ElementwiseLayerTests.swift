import Foundation
import NeuralNet
import Testing

/// GELU and the constant scale: known answers (x·Φ(x) and Φ(x) + x·φ(x) from Python's math.erf,
/// computed once), gradient checks in Double, and their JSON; max pooling that floors.
@Suite struct ElementwiseLayerTests {
    /// x, x·Φ(x), Φ(x) + x·φ(x).
    static let gelu: [(x: Double, y: Double, slope: Double)] = [
        (-3, -0.00404969409489031, -0.01194564720418392),
        (-0.5, -0.15426876936299344, 0.13250487534383712),
        (0, 0, 0.5),
        (1, 0.8413447460685429, 1.0833154705876864),
        (2, 1.9544997361036416, 1.085231801078197),
    ]

    @Test func geluMatchesTheNormalDistributionInDoubleAndFloat() {
        let xs = Self.gelu.map(\.x)
        let layer = GELU<Double>(shape: [xs.count])
        let y = layer.forward(Tensor(shape: [1, xs.count], values: xs)).values
        let dx = layer.backward(Tensor(shape: [1, xs.count], values: Array(repeating: 1, count: xs.count))).values
        for (i, known) in Self.gelu.enumerated() {
            #expect(abs(y[i] - known.y) < 1e-12 && abs(dx[i] - known.slope) < 1e-12, "x = \(known.x)")
        }
        let single = GELU<Float>(shape: [xs.count])
        let yFloat = single.forward(Tensor(shape: [1, xs.count], values: xs.map(Float.init))).values
        #expect(zip(yFloat, Self.gelu).allSatisfy { abs(Double($0) - $1.y) < 1e-6 })
    }

    @Test func geluAndScaleGradientsMatchFiniteDifferences() {
        let input = GradientCheck.randomTensor([2, 4, 3, 5], seed: 21)
        #expect(GradientCheck.run(GELU<Double>(shape: [4, 3, 5]), input: input).worstInput < GradientCheck.tolerance)
        let scale = Scale<Double>(shape: [4, 3, 5], factor: 1.0 / 9)
        #expect(GradientCheck.run(scale, input: input).worstInput < GradientCheck.tolerance)
        #expect(scale.forward(Tensor(shape: [1, 2], values: [9, -18])).values == [1, -2])
    }

    @Test func geluAndScaleRoundTripThroughJSON() throws {
        let layers: [LayerSpec] = [.gelu, .scale(factor: 0.125)]
        let json = try JSONEncoder().encode(layers)
        #expect(String(decoding: json, as: UTF8.self) == #"[{"gelu":{}},{"scale":{"factor":0.125}}]"#)
        #expect(try JSONDecoder().decode([LayerSpec].self, from: json) == layers)
        #expect(throws: ArchitectureError.self) { try LayerSpec.scale(factor: .infinity).outputShape(for: [4], at: 0) }
    }

    /// airbench's last pooling: 3×3 windows on a 4×4 map give one output, the last row and column
    /// left out (PyTorch's floor).
    @Test func maxPoolingByThreeFloors() {
        let pool = MaxPool2D<Float>(inputShape: [4, 4, 1], size: 3)
        let ramp = Tensor<Float>(shape: [1, 4, 4, 1], values: (0..<16).map(Float.init))
        #expect(pool.outputShape == [1, 1, 1])
        #expect(pool.forward(ramp).values == [10])
        #expect(
            pool.backward(Tensor(shape: [1, 1, 1, 1], values: [1])).values.enumerated().allSatisfy { i, g in
                g == (i == 10 ? 1 : 0)
            })
    }
}

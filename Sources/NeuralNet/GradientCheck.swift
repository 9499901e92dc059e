/// Central finite differences in Double, compared with a layer's analytic backward pass: the
/// tests check every layer with it, and a study's report shows it for the layers the study uses.
///
/// The scalar checked is L = Σ r ⊙ forward(x) for a fixed random r, so dL/dy = r. Relative error
/// |a − n| / max(|a| + |n|, 1e-3) must stay below `tolerance` for every input and parameter element.
/// The floor: central differences of a Double loss of order 1 with step 1e-6 carry ~1e-10 of
/// rounding, so a gradient that cancels to ~1e-5 is judged by its absolute error (< 1e-9).
public enum GradientCheck {
    public static let step = 1e-6
    public static let tolerance = 1e-6

    public struct Report: Sendable {
        public var worstInput = 0.0
        public var worstParameter = 0.0
        public var checked = 0
        public var worst: Double { max(worstInput, worstParameter) }
    }

    /// `phase`: training runs batch normalisation on the batch's statistics and dropout with the
    /// mask of that step, the same mask for every evaluation of the loss.
    public static func run<L: Layer>(
        _ layer: L, input: Tensor<Double>, seed: UInt64 = 7, phase: Phase = .inference
    ) -> Report
    where L.T == Double {
        var generator = SeededGenerator(seed: seed)
        let output = layer.forward(input, phase: phase)
        let r = (0..<output.count).map { _ in generator.nextUnit() * 2 - 1 }
        func loss() -> Double {
            let y = layer.forward(input, phase: phase).values
            return zip(y, r).reduce(0) { $0 + $1.0 * $1.1 }
        }
        _ = layer.forward(input, phase: phase)
        let dx = layer.backward(Tensor(shape: output.shape, values: r)).values
        let parameterGradients = layer.parameters.map(\.gradient.values)

        var report = Report()
        for i in 0..<input.count {
            let numeric = centralDifference(get: { input[flat: i] }, set: { input[flat: i] = $0 }, loss: loss)
            report.worstInput = max(report.worstInput, relativeError(dx[i], numeric))
            report.checked += 1
        }
        for (p, analytic) in zip(layer.parameters, parameterGradients) {
            for i in 0..<p.value.count {
                let numeric = centralDifference(get: { p.value[flat: i] }, set: { p.value[flat: i] = $0 }, loss: loss)
                report.worstParameter = max(report.worstParameter, relativeError(analytic[i], numeric))
                report.checked += 1
            }
        }
        return report
    }

    public static func centralDifference(get: () -> Double, set: (Double) -> Void, loss: () -> Double) -> Double {
        let original = get()
        set(original + step)
        let plus = loss()
        set(original - step)
        let minus = loss()
        set(original)
        return (plus - minus) / (2 * step)
    }

    public static func relativeError(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(a) + abs(b), 1e-3)
    }

    /// Uniform values in ±1 whose magnitude is at least `gap`, so ReLU and max never sit on a kink
    /// within a finite-difference step.
    public static func randomTensor(_ shape: [Int], seed: UInt64, gap: Double = 0.01) -> Tensor<Double> {
        var generator = SeededGenerator(seed: seed)
        let values = (0..<shape.reduce(1, *)).map { _ -> Double in
            let u = generator.nextUnit() * 2 - 1
            return u >= 0 ? u + gap : u - gap
        }
        return Tensor(shape: shape, values: values)
    }
}

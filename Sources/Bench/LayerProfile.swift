import Foundation
import NeuralNet

/// Wall time per layer and direction over a number of training steps on random data.
struct LayerProfile {
    struct Row {
        var kind: String
        var forward = 0.0
        var backward = 0.0
    }
    var rows: [Row]
    var loss = 0.0, update = 0.0, steps = 0

    static func measure(_ model: Sequential<Float>, batchSize: Int, steps: Int, seed: UInt64) -> LayerProfile {
        var g = SeededGenerator(seed: seed)
        let x = Tensor<Float>(
            shape: [batchSize] + model.architecture.inputShape,
            values: (0..<(batchSize * model.architecture.inputShape.reduce(1, *))).map { _ in Float(g.nextUnit()) })
        let labels = (0..<batchSize).map { _ in Int(g.next() % 10) }
        let loss = SoftmaxCrossEntropy<Float>()
        let adam = Adam(parameters: model.parameters)
        var profile = LayerProfile(rows: model.layers.map { Row(kind: $0.kind.rawValue) })
        Denormals.flushingToZero {
            for step in 0..<(steps + 2) {
                let timed = step >= 2  // two warm-up steps
                var t = Date()
                func lap() -> Double {
                    let now = Date()
                    defer { t = now }
                    return timed ? now.timeIntervalSince(t) : 0
                }
                var y = x
                for (i, layer) in model.layers.enumerated() {
                    y = layer.forward(y)
                    profile.rows[i].forward += lap()
                }
                let result = loss(logits: y, labels: labels)
                profile.loss += lap()
                var dy = result.gradient
                for (i, layer) in model.layers.enumerated().reversed() {
                    dy = layer.backward(dy, needsInputGradient: i > 0) ?? dy
                    profile.rows[i].backward += lap()
                }
                adam.update()
                profile.update += lap()
            }
        }
        profile.steps = steps
        return profile
    }

    func render(batchSize: Int) -> String {
        let total = rows.reduce(0) { $0 + $1.forward + $1.backward } + loss + update
        func row(_ name: String, _ f: Double, _ b: Double) -> String {
            name.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(
                    format: "%10.2f %13.2f %7.1f%%", 1e3 * f / Double(steps), 1e3 * b / Double(steps),
                    100 * (f + b) / total)
        }
        var lines = ["layer           forward ms   backward ms    share"]
        for r in rows where r.forward + r.backward > 0 { lines.append(row(r.kind, r.forward, r.backward)) }
        lines.append(row("loss, adam", loss, update))
        lines.append(
            String(
                format: "step %.2f ms → %.0f images/s", 1e3 * total / Double(steps), Double(batchSize * steps) / total))
        return lines.joined(separator: "\n")
    }
}

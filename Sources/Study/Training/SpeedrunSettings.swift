import Foundation
import NeuralNet

/// SGD with Nesterov momentum in airbench's terms (legacy/airbench94.py), instead of Adam. Its
/// rate and decay are per 1,024 images of a summed loss, and the decay is decoupled from the rate:
///
///     α = learningRate / (1024·(1 + 1/(1 − μ)))    per image of the summed loss
///     decay per step = weightDecay · batch / (1024·(1 + 1/(1 − μ)))
///
/// The engine's loss is the batch mean, so each group's PyTorch rate α is used as α·batch and its
/// coupled decay λ as λ/batch: the same updates (the momentum buffers are 1/batch of PyTorch's).
package struct SGDTraining: Codable, Sendable, Equatable {
    /// Per 1,024 images (airbench: 11.5).
    package var learningRate: Double
    /// Nesterov momentum μ (airbench: 0.85).
    package var momentum: Double
    /// Per 1,024 images, decoupled from the rate (airbench: 0.0153).
    package var weightDecay: Double
    /// The rate of the batch norms' biases is this many times the others' (airbench: 64), with
    /// the same decay per step.
    package var normBiasRateFactor: Double

    package init(learningRate: Double, momentum: Double, weightDecay: Double, normBiasRateFactor: Double = 1) {
        (self.learningRate, self.momentum, self.weightDecay) = (learningRate, momentum, weightDecay)
        self.normBiasRateFactor = normBiasRateFactor
    }

    /// airbench94's values.
    package static let airbench = SGDTraining(
        learningRate: 11.5, momentum: 0.85, weightDecay: 0.0153, normBiasRateFactor: 64)

    /// The rate and decay of the norms' biases and of every other parameter, for batches of `batch`
    /// images with a mean loss (see above).
    package func groups(batch: Int) -> (normBiases: SGD<Float>.Group, others: SGD<Float>.Group) {
        let kilostep = 1024 * (1 + 1 / (1 - momentum))
        let rate = learningRate / kilostep
        let decayPerStep = weightDecay * Double(batch) / kilostep
        func group(_ r: Double) -> SGD<Float>.Group {
            SGD<Float>.Group(learningRate: r * Double(batch), weightDecay: decayPerStep / r / Double(batch))
        }
        return (group(rate * normBiasRateFactor), group(rate))
    }
}

/// airbench's Lookahead: every `every` steps the slow weights take a step of 1 − d toward the
/// network's and the network is reset to them, d = decay^every · (step / steps)^power; after the
/// last step the network takes the slow weights.
package struct LookaheadSchedule: Codable, Sendable, Equatable {
    package var every: Int
    package var decay: Double
    package var power: Double

    package init(every: Int = 5, decay: Double = 0.95, power: Double = 3) {
        (self.every, self.decay, self.power) = (every, decay, power)
    }

    /// d after step `step` (from 1) of `steps`.
    package func decayAfter(step: Int, of steps: Int) -> Double {
        Foundation.pow(decay, Double(every)) * Foundation.pow(Double(step) / Double(max(steps, 1)), power)
    }
}

/// airbench's first layer, set from the data: the first conv (k×k, valid, 2·k²·C filters, after
/// at most a `normalize`) gets the whitening filters of the first `images` training images' k×k
/// patches as that conv sees them (`Whitening`), is not trained, and its bias is trained for
/// `biasEpochs` epochs, then frozen.
package struct WhiteningInitialisation: Codable, Sendable, Equatable {
    package var images: Int
    package var biasEpochs: Int
    package var epsilon: Double

    package init(images: Int = 5000, biasEpochs: Int = 3, epsilon: Double = 5e-4) {
        (self.images, self.biasEpochs, self.epsilon) = (images, biasEpochs, epsilon)
    }

    /// Why `architecture`'s first layer cannot be whitened, or nil when it can.
    package func problem(with architecture: Architecture) -> String? {
        let layers = architecture.layers.drop(while: { $0.kind == .normalization })
        guard layers.startIndex <= 1, case .conv2d(let filters, let k, let padding, let stride, _) = layers.first,
            let channels = architecture.inputShape.last
        else { return "whitening sets the first layer, which must be a conv2d (a normalize may come before it)" }
        guard padding == .valid, stride == 1 else { return "the whitening conv must have valid padding and stride 1" }
        guard filters == 2 * k * k * channels else {
            return "a \(k)×\(k) whitening conv on \(channels) channels has \(2 * k * k * channels) filters, "
                + "not \(filters)"
        }
        return nil
    }
}

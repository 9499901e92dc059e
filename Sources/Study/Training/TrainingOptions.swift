import CIFAR
import Foundation
import NeuralNet

/// Random crops and horizontal flips of the training images (never of validation or test).
package struct Augmentation: Codable, Sendable, Equatable {
    /// Padding around the image before a random crop back to its size: shifts of
    /// −padding…padding pixels each way (PyTorch's `RandomCrop(32, padding=4)`).
    package var cropPadding: Int
    /// Mirror left to right with probability ½.
    package var flips: Bool
    /// Pad by reflecting the image at its edges (airbench's `F.pad(mode='reflect')`) instead of
    /// with zeros. This and the next are left out of the JSON when nil (false), so the cache
    /// keys of runs without them stay as they were.
    package var reflects: Bool?
    /// airbench's derandomised flip instead of a coin per epoch: each image gets one coin for the
    /// run, and every other epoch mirrors them all, so an image is seen mirrored every second epoch.
    package var alternatesFlips: Bool?

    package init(cropPadding: Int = 4, flips: Bool = true, reflects: Bool? = nil, alternatesFlips: Bool? = nil) {
        self.cropPadding = cropPadding
        self.flips = flips
        self.reflects = reflects
        self.alternatesFlips = alternatesFlips
    }

    /// Where image `index` lands in epoch `epoch` (from 1): a hash of (seed, epoch, index), so a
    /// run resumed at any epoch draws what it would have drawn.
    package func placement(seed: UInt64, epoch: Int, index: Int) -> ImagePlacement {
        let h = SeededGenerator.hash(SeededGenerator.hash(seed, UInt64(epoch)), UInt64(index))
        let span = UInt64(2 * cropPadding + 1)
        let flip =
            if alternatesFlips == true {
                flips
                    && (SeededGenerator.hash(SeededGenerator.hash(seed, Self.runCoin), UInt64(index)) >> 63 == 1)
                        != epoch.isMultiple(of: 2)
            } else {
                flips && h >> 63 == 1
            }
        return ImagePlacement(
            dy: Int(h % span) - cropPadding, dx: Int(h / span % span) - cropPadding, flip: flip,
            reflects: reflects == true)
    }

    /// The stream of the per-run coins of alternating flips.
    private static let runCoin: UInt64 = 0xF11F_C011
}

/// How the learning rate changes over a run, per optimiser step.
package enum LearningRateSchedule: Codable, Sendable, Equatable {
    case constant
    /// The rate times `factor` after every `every` epochs.
    case step(every: Int, factor: Double)
    /// Linear warm-up from 0 over `warmupEpochs`, then cosine decay to 0 at the end of the run.
    case cosine(warmupEpochs: Int)
    /// airbench's: the factor rises linearly from `start` to 1 over the first `warmup` fraction
    /// of the run's steps, then falls linearly to `end` at its last step.
    case linear(warmup: Double, start: Double, end: Double)

    /// airbench94's linear schedule: 0.2 → 1 over 23% of the steps, then → 0.07.
    package static let airbench = LearningRateSchedule.linear(warmup: 0.23, start: 0.2, end: 0.07)

    /// The rate for optimiser step `step` (from 0) of a run of `epochs` epochs, or of `totalSteps`
    /// steps when the run stops within an epoch.
    package func rate(base: Double, step: Int, stepsPerEpoch: Int, epochs: Int, totalSteps: Int? = nil) -> Double {
        switch self {
        case .constant:
            return base
        case .step(let every, let factor):
            return base * Foundation.pow(factor, Double(step / (stepsPerEpoch * max(every, 1))))
        case .cosine(let warmupEpochs):
            let warmup = warmupEpochs * stepsPerEpoch
            let total = epochs * stepsPerEpoch
            if step < warmup { return base * Double(step + 1) / Double(warmup) }
            let progress = Double(step - warmup) / Double(max(total - warmup, 1))
            return base * 0.5 * (1 + Foundation.cos(Double.pi * min(progress, 1)))
        case .linear(let warmup, let start, let end):
            let total = totalSteps ?? epochs * stepsPerEpoch
            let warmupSteps = Int(Double(total) * warmup)
            if step < warmupSteps {
                let f = Double(step) / Double(warmupSteps)
                return base * (start * (1 - f) + f)
            }
            let f = Double(step - warmupSteps) / Double(max(total - warmupSteps, 1))
            return base * ((1 - f) + end * f)
        }
    }

    /// Throws, saying what to change, for a schedule that cannot run `epochs` epochs.
    package func validate(epochs: Int) throws {
        switch self {
        case .constant: return
        case .step(let every, let factor):
            guard every >= 1, factor > 0 else {
                throw StudyError(
                    "a step schedule needs --lr-step-every ≥ 1 and a factor > 0, got \(every) and \(factor)")
            }
        case .linear(let warmup, let start, let end):
            guard (0..<1).contains(warmup), start >= 0, end >= 0 else {
                throw StudyError(
                    "a linear schedule needs a warm-up fraction in [0, 1) and factors ≥ 0, got \(warmup), "
                        + "\(start) and \(end)")
            }
        case .cosine(let warmupEpochs):
            guard warmupEpochs >= 0, warmupEpochs < epochs else {
                throw StudyError(
                    "a warm-up of \(warmupEpochs) epochs is not shorter than the run's \(epochs): use fewer "
                        + "warm-up epochs"
                )
            }
        }
    }
}

/// Stop when validation accuracy has not improved for `patience` epochs, and keep the weights of
/// the best epoch.
package struct EarlyStopping: Codable, Sendable, Equatable {
    package var patience: Int

    package init(patience: Int) { self.patience = patience }

    /// Whether training ends after `epoch`, the best so far having been `bestEpoch`.
    package func stops(after epoch: Int, bestEpoch: Int) -> Bool { epoch - bestEpoch >= patience }
}

/// What a run's accuracy is, for its model's comparisons: a final epoch's test accuracy is a
/// draw from a curve that can swing by points between epochs, so a study may compare a less
/// noisy end point. Each is a function of the per-epoch numbers a run records, so changing it
/// needs no training.
package enum EndPoint: Sendable, Equatable, Hashable {
    /// The test accuracy after the last epoch (after the kept epoch, under early stopping),
    /// measured as the run's recipe says: with its test-time augmentation when it has one.
    case final
    /// The test accuracy after the epoch with the best validation accuracy (the first of equals):
    /// early stopping's choice, made after the fact, with the test set still used once.
    case bestValidation
    /// The mean test accuracy over the last N epochs (up to the kept epoch, under early stopping).
    case meanLast(Int)

    /// The run's accuracy at this end point; nil when it has no epochs.
    package func accuracy(of run: TrainingRun) -> Double? {
        guard let final = run.final else { return nil }
        switch self {
        case .final: return run.augmentedTestAccuracy ?? final.testAccuracy
        case .bestValidation:
            var best = run.epochs[0]
            for epoch in run.epochs where epoch.validationAccuracy > best.validationAccuracy { best = epoch }
            return best.testAccuracy
        case .meanLast(let n):
            let kept = run.epochs.filter { $0.epoch <= final.epoch }.suffix(n)
            return kept.map(\.testAccuracy).reduce(0, +) / Double(kept.count)
        }
    }

    /// As a study file writes it: `final`, `best_validation`, `mean_last: 5`.
    package var description: String {
        switch self {
        case .final: "final"
        case .bestValidation: "best_validation"
        case .meanLast(let n): "mean_last: \(n)"
        }
    }

    /// As the report says it.
    package var phrase: String {
        switch self {
        case .final: "test accuracy after the last epoch"
        case .bestValidation: "test accuracy after the epoch with the best validation accuracy"
        case .meanLast(let n): "mean test accuracy over the last \(n) epochs"
        }
    }
}

extension EndPoint: Codable {
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "final": self = .final
        case "best_validation": self = .bestValidation
        default:
            guard text.hasPrefix("mean_last: "), let n = Int(text.dropFirst("mean_last: ".count)), n >= 1 else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            self = .meanLast(n)
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

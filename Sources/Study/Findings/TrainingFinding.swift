/// How one model's training went (its lowest-seed run): its validation peak, its final gap, its speed.
package struct TrainingFinding: Codable, Sendable, Equatable {
    package enum Fit: String, Codable, Sendable {
        /// Training accuracy more than `overfittingGap` above validation.
        case overfitting
        /// Above validation, but by less.
        case slightlyAbove
        /// Below validation: training accuracy is a mean over an epoch while the weights improved.
        case below
    }

    package static let overfittingGap = 0.05

    package var model: StudyModel
    package var seed: UInt64
    package var peakEpoch: Int
    package var peakValidationAccuracy: Double
    package var finalValidationAccuracy: Double
    package var finalTrainingAccuracy: Double
    /// Final training minus final validation accuracy.
    package var gap: Double
    package var fit: Fit
    package var meanEpochSeconds: Double
    package var lastImagesPerSecond: Double

    init?(_ record: RunRecord) {
        guard let last = record.run.final,
            let best = record.run.epochs.max(by: { $0.validationAccuracy < $1.validationAccuracy })
        else { return nil }
        model = record.run.configuration.model
        seed = record.run.configuration.seed
        peakEpoch = best.epoch
        peakValidationAccuracy = best.validationAccuracy
        finalValidationAccuracy = last.validationAccuracy
        finalTrainingAccuracy = last.trainingAccuracy
        gap = last.trainingAccuracy - last.validationAccuracy
        fit = Self.fit(gap: gap)
        meanEpochSeconds = record.meanEpochSeconds
        lastImagesPerSecond = last.imagesPerSecond
    }

    package static func fit(gap: Double) -> Fit {
        gap > overfittingGap ? .overfitting : gap >= 0 ? .slightlyAbove : .below
    }
}

/// Where one model gains over another, class by class (their lowest-seed runs), and where it still errs.
package struct ClassFindings: Codable, Sendable, Equatable {
    package struct Confusion: Codable, Sendable, Equatable {
        package var trueClass, predictedClass, count, ofImages: Int
    }

    /// The model and the one it is compared with: the study's lead comparison.
    package var model, baseline: StudyModel
    package var seed: UInt64
    package var modelAccuracy, baselineAccuracy: [Double]
    package var mostGained, leastGained: Int
    /// The model's lowest-accuracy class.
    package var hardest: Int
    /// The model's most frequent mistake.
    package var mostConfused: Confusion

    init?(_ record: RunRecord?, against base: RunRecord?) {
        guard let record, let base, !record.perClassAccuracy.isEmpty,
            record.perClassAccuracy.count == base.perClassAccuracy.count
        else { return nil }
        (model, baseline) = (record.run.configuration.model, base.run.configuration.model)
        seed = record.run.configuration.seed
        modelAccuracy = record.perClassAccuracy
        baselineAccuracy = base.perClassAccuracy
        let classes = record.perClassAccuracy.indices
        let gains = classes.map { record.perClassAccuracy[$0] - base.perClassAccuracy[$0] }
        mostGained = classes.max { gains[$0] < gains[$1] } ?? 0
        leastGained = classes.min { gains[$0] < gains[$1] } ?? 0
        hardest = classes.min { record.perClassAccuracy[$0] < record.perClassAccuracy[$1] } ?? 0
        var pair = (0, 1, 0)
        for t in classes {
            for p in classes where t != p && record.confusion[t][p] > pair.2 { pair = (t, p, record.confusion[t][p]) }
        }
        mostConfused = Confusion(
            trueClass: pair.0, predictedClass: pair.1, count: pair.2, ofImages: record.confusion[pair.0].reduce(0, +))
    }
}

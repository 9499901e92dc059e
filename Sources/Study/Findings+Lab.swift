/// The findings of the lab's own comparisons: the CNN against the MLP, training curves, classes,
/// costs and kernel size.
public struct Headline: Codable, Sendable, Equatable {
    public var cnnAccuracy, mlpAccuracy: Double
    public var cnnParameters, mlpParameters: Int
    /// CNN minus MLP test accuracy.
    public var gain: Double
    /// The share of the MLP's parameters the CNN does without.
    public var parameterSaving: Double
    public var testCount: Int
    public var epochs: Int

    init?(cnn: RunRecord?, mlp: RunRecord?, models: [ModelDescription]) {
        guard let cnn, let mlp else { return nil }
        cnnAccuracy = cnn.testAccuracy
        mlpAccuracy = mlp.testAccuracy
        cnnParameters = models.first { $0.model == .cnn3 }?.parameters ?? 0
        mlpParameters = models.first { $0.model == .mlp }?.parameters ?? 0
        gain = cnn.testAccuracy - mlp.testAccuracy
        parameterSaving = 1 - Double(cnnParameters) / Double(mlpParameters)
        testCount = cnn.run.testCount
        epochs = cnn.run.configuration.epochs
    }

    public var cnnWins: Bool { cnnAccuracy >= mlpAccuracy }
}

/// How one model's training went: its validation peak, its final gap, its speed.
public struct TrainingFinding: Codable, Sendable, Equatable {
    public enum Fit: String, Codable, Sendable {
        /// Training accuracy more than `overfittingGap` above validation.
        case overfitting
        /// Above validation, but by less.
        case slightlyAbove
        /// Below validation: training accuracy is a mean over an epoch while the weights improved.
        case below
    }

    public static let overfittingGap = 0.05

    public var model: StudyModel
    public var peakEpoch: Int
    public var peakValidationAccuracy: Double
    public var finalValidationAccuracy: Double
    public var finalTrainingAccuracy: Double
    /// Final training minus final validation accuracy.
    public var gap: Double
    public var fit: Fit
    public var meanEpochSeconds: Double
    public var lastImagesPerSecond: Double

    init?(model: StudyModel, _ record: RunRecord) {
        guard let last = record.run.final,
            let best = record.run.epochs.max(by: { $0.validationAccuracy < $1.validationAccuracy })
        else { return nil }
        self.model = model
        peakEpoch = best.epoch
        peakValidationAccuracy = best.validationAccuracy
        finalValidationAccuracy = last.validationAccuracy
        finalTrainingAccuracy = last.trainingAccuracy
        gap = last.trainingAccuracy - last.validationAccuracy
        fit = Self.fit(gap: gap)
        meanEpochSeconds = record.meanEpochSeconds
        lastImagesPerSecond = last.imagesPerSecond
    }

    public static func fit(gap: Double) -> Fit {
        gap > overfittingGap ? .overfitting : gap >= 0 ? .slightlyAbove : .below
    }
}

/// Where the CNN gains over the MLP, class by class, and where it still errs.
public struct ClassFindings: Codable, Sendable, Equatable {
    public struct Confusion: Codable, Sendable, Equatable {
        public var trueClass, predictedClass, count, ofImages: Int
    }

    public var cnnAccuracy, mlpAccuracy: [Double]
    public var mostGained, leastGained: Int
    /// The CNN's lowest-accuracy class.
    public var hardest: Int
    /// The CNN's most frequent mistake.
    public var mostConfused: Confusion

    init?(cnn: RunRecord?, mlp: RunRecord?) {
        guard let cnn, let mlp else { return nil }
        cnnAccuracy = cnn.perClassAccuracy
        mlpAccuracy = mlp.perClassAccuracy
        let classes = cnn.perClassAccuracy.indices
        let gains = classes.map { cnn.perClassAccuracy[$0] - mlp.perClassAccuracy[$0] }
        mostGained = gains.indices.max { gains[$0] < gains[$1] }!
        leastGained = gains.indices.min { gains[$0] < gains[$1] }!
        hardest = classes.min { cnn.perClassAccuracy[$0] < cnn.perClassAccuracy[$1] }!
        var pair = (0, 1, 0)
        for t in classes {
            for p in classes where t != p && cnn.confusion[t][p] > pair.2 { pair = (t, p, cnn.confusion[t][p]) }
        }
        mostConfused = Confusion(
            trueClass: pair.0, predictedClass: pair.1, count: pair.2, ofImages: cnn.confusion[pair.0].reduce(0, +))
    }
}

/// What the models cost and where their parameters sit.
public struct CostFindings: Codable, Sendable, Equatable {
    /// The MLP's first dense layer: its parameters and their share of the model's.
    public var mlpFirstDense: Int
    public var mlpFirstDenseShare: Double
    /// The 3×3 CNN's first conv and first dense layer.
    public var cnnFirstConvolution: Int
    public var cnnFirstDense: Int
    /// Multiply-accumulates of the 3×3 CNN over the MLP's, and of the 5×5 over the 3×3.
    public var cnnOverMLP: Double
    public var fiveOverThree: Double
    /// The parameters the 5×5 CNN has beyond the 3×3's.
    public var fiveMinusThreeParameters: Int
    /// The receptive field after the last layer that has one, for 3×3 and 5×5 kernels.
    public var field3, field5: Int?

    init(_ models: [ModelDescription]) {
        func model(_ m: StudyModel) -> ModelDescription? { models.first { $0.model == m } }
        func ratio(_ b: StudyModel, to a: StudyModel) -> Double {
            Double(model(b)?.multiplyAccumulates ?? 0) / Double(max(model(a)?.multiplyAccumulates ?? 1, 1))
        }
        mlpFirstDense = model(.mlp)?.layers.first { $0.kind == .dense }?.parameters ?? 0
        mlpFirstDenseShare = Double(mlpFirstDense) / Double(max(model(.mlp)?.parameters ?? 0, 1))
        cnnFirstConvolution = model(.cnn3)?.layers.first { $0.kind == .conv2d }?.parameters ?? 0
        cnnFirstDense = model(.cnn3)?.layers.first { $0.kind == .dense }?.parameters ?? 0
        cnnOverMLP = ratio(.cnn3, to: .mlp)
        fiveOverThree = ratio(.cnn5, to: .cnn3)
        fiveMinusThreeParameters = (model(.cnn5)?.parameters ?? 0) - (model(.cnn3)?.parameters ?? 0)
        field3 = model(.cnn3)?.layers.compactMap(\.receptiveField).last
        field5 = model(.cnn5)?.layers.compactMap(\.receptiveField).last
    }
}

/// 5×5 against 3×3 kernels over seeds.
public struct KernelFinding: Codable, Sendable, Equatable {
    /// 5×5 minus 3×3.
    public var comparison: Comparison
    public var seeds: Int
    /// 5×5's epochs over 3×3's.
    public var epochTimeRatio: Double
    public var macRatio: Double

    init(_ e: KernelExperiment, costs: CostFindings) {
        comparison = Comparison(e.welch)
        seeds = e.seeds.count
        epochTimeRatio = e.epochSeconds5.mean / max(e.epochSeconds3.mean, 1e-9)
        macRatio = costs.fiveOverThree
    }

    /// 5×5 is ahead (or level).
    public var fiveIsAhead: Bool { comparison.difference >= 0 }
}

import NeuralNet

/// A study as its author wrote it: the question, the models, how they train, which of them are
/// compared with which, and the probes to run. A study file (`StudyFile`) reads into one; every
/// name in it has been checked to refer to something defined.
package struct StudyDefinition: Sendable, Equatable {
    package var title: String
    package var question: String
    package var data: DataSelection
    package var training: TrainingRecipe
    /// In the order the file defines them.
    package var models: [ModelDefinition]
    package var experiments: [ExperimentDefinition]
    package var probes: ProbeSelection
    /// The claims the report judges, each by a comparison or a probe of this study.
    package var claims: [ClaimDefinition]
    /// The optional sections of the report, and the models they walk through.
    package var report: ReportSelection
    /// The author's reading of what the study shows, paragraphs put at the top of its discussion.
    package var discussion: [String]
    /// How the p-values of the study's comparisons are adjusted for testing them together.
    package var correction: Correction
    /// Which accuracy of a run its comparisons use.
    package var endPoint: EndPoint

    package init(
        title: String, question: String, data: DataSelection = .init(), training: TrainingRecipe = .init(),
        models: [ModelDefinition], experiments: [ExperimentDefinition], probes: ProbeSelection = .init(),
        claims: [ClaimDefinition] = [], report: ReportSelection = .init(), discussion: [String] = [],
        correction: Correction = .holm, endPoint: EndPoint = .final
    ) {
        (self.title, self.question, self.data, self.training) = (title, question, data, training)
        (self.models, self.experiments, self.probes) = (models, experiments, probes)
        (self.claims, self.report, self.discussion, self.correction) = (claims, report, discussion, correction)
        self.endPoint = endPoint
    }

    package func model(named name: String) -> ModelDefinition? { models.first { $0.name == name } }

    /// The models the report's walk-through sections show: those the file features, else every
    /// model its experiments compare, in order.
    package var featuredModels: [String] {
        guard report.featured.isEmpty else { return report.featured }
        return experiments.flatMap { [$0.baseline] + $0.compared }.reduce(into: []) { names, name in
            if !names.contains(name) { names.append(name) }
        }
    }
}

/// A named network and how the report calls it.
package struct ModelDefinition: Sendable, Equatable {
    package var name: String
    package var architecture: Architecture
    /// A title for tables ("CNN, 5×5 kernels"); the name when the file gives none.
    package var title: String
    /// A label short enough for a point on a chart; the name when the file gives none.
    package var label: String
    /// What it changes relative to the model it was derived from, when it was (`from:`).
    package var change: String?
    /// How this model trains when not as the study's other models do (augmentation or early
    /// stopping belong to a model in a comparison of them); nil: the study's recipe.
    package var training: TrainingRecipe?

    package init(
        name: String, architecture: Architecture, title: String? = nil, label: String? = nil, change: String? = nil,
        training: TrainingRecipe? = nil
    ) {
        self.name = name
        self.architecture = architecture
        self.title = title ?? name
        self.label = label ?? name
        self.change = change
        self.training = training
    }

    package var model: StudyModel { StudyModel(rawValue: name) }
}

/// Which images a study trains and tests on; nil limits mean all of them.
package struct DataSelection: Sendable, Equatable {
    package var trainingLimit: Int?
    package var testLimit: Int?
    /// The last training images held out for validation (Keras' `validation_split=0.1`).
    package var validationCount: Int

    package init(trainingLimit: Int? = nil, testLimit: Int? = nil, validationCount: Int = 5000) {
        (self.trainingLimit, self.testLimit, self.validationCount) = (trainingLimit, testLimit, validationCount)
    }
}

/// How every run of a study trains (the lab's recipe by default: 10 epochs of Adam at 1e-3 in
/// batches of 64, no augmentation, schedule or early stopping).
package struct TrainingRecipe: Sendable, Equatable {
    package var epochs: Int
    package var batchSize: Int
    package var optimizer: Adam<Float>.Configuration
    package var schedule: LearningRateSchedule?
    package var augmentation: Augmentation?
    package var earlyStopping: EarlyStopping?
    /// airbench's pieces (see `TrainingConfiguration`), nil when not used.
    package var sgd: SGDTraining?
    package var labelSmoothing: Double?
    package var lookahead: LookaheadSchedule?
    package var fractionalEpochs: Double?
    package var dropsLastBatch: Bool?
    package var whitening: WhiteningInitialisation?
    package var testTimeAugmentation: TestTimeAugmentation?
    package var initialisation: WeightInitialisation?

    package init(
        epochs: Int = 10, batchSize: Int = 64, optimizer: Adam<Float>.Configuration = .init(),
        schedule: LearningRateSchedule? = nil, augmentation: Augmentation? = nil, earlyStopping: EarlyStopping? = nil
    ) {
        (self.epochs, self.batchSize, self.optimizer) = (epochs, batchSize, optimizer)
        (self.schedule, self.augmentation, self.earlyStopping) = (schedule, augmentation, earlyStopping)
    }
}

/// One comparison the report tests: each of `compared` against `baseline`, over `seeds` seeds, or
/// over rounds of one more seed up to `maxSeeds` until each comparison is decided (`SeedRounds`).
package struct ExperimentDefinition: Sendable, Equatable {
    package var name: String
    package var title: String
    package var baseline: String
    package var compared: [String]
    /// The seeds every model trains (the first round, under a seed budget).
    package var seeds: Int
    /// The most seeds a model trains: `seeds` unless the study sets a budget.
    package var maxSeeds: Int
    /// The smallest difference in accuracy (a fraction) worth detecting: a comparison whose seeds
    /// detect it with 80% power needs no more of them; nil when the file names none.
    package var detect: Double?
    /// Whether each seed's two runs are compared as a pair (they share their batch order and
    /// augmentation draws), by the paired t-test.
    package var paired: Bool
    /// What the experiment's validation curves are drawn against.
    package var curves: CurveAxis

    package init(
        name: String, title: String? = nil, baseline: String, compared: [String], seeds: Int, maxSeeds: Int? = nil,
        detect: Double? = nil, paired: Bool = false, curves: CurveAxis = .epochs
    ) {
        (self.name, self.title, self.baseline, self.compared, self.seeds) =
            (name, title ?? name, baseline, compared, seeds)
        (self.maxSeeds, self.detect, self.paired, self.curves) = (max(maxSeeds ?? seeds, seeds), detect, paired, curves)
    }

    /// With one seed there is no seed-to-seed spread, so no test: the report says so.
    package var canBeTested: Bool { maxSeeds >= 2 }
    /// Whether seeds are added in rounds.
    package var hasSeedBudget: Bool { maxSeeds > seeds }
}

/// What an experiment's accuracy curves run along: epochs, or training time (for models whose
/// epochs cost very different amounts, where "how good after how long" is the question).
package enum CurveAxis: String, Codable, Sendable, CaseIterable {
    case epochs, time
}

/// The probes of a study, each on the models it names (none by default).
package struct ProbeSelection: Sendable, Equatable {
    /// Accuracy on shifted test images.
    package var translation: [String]
    /// Each model retrained on pixel-permuted images, over the seeds of its experiment.
    package var permutation: [String]
    /// Where the last conv layer's centre unit looks (convolutional models only).
    package var receptiveFields: [String]
    /// One model's conv activations for two test images.
    package var featureMaps: String?

    package init(
        translation: [String] = [], permutation: [String] = [], receptiveFields: [String] = [],
        featureMaps: String? = nil
    ) {
        (self.translation, self.permutation, self.receptiveFields, self.featureMaps) =
            (translation, permutation, receptiveFields, featureMaps)
    }
}

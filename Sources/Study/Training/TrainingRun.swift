import CIFAR
import NeuralNet

/// What a training run is: enough to repeat it exactly.
extension ImageSet {
    /// The first `limit` images of `set` (all of them when nil or larger).
    static func prefix(_ limit: Int?, of set: ImageSet) -> ImageSet {
        limit.map { set.slice(0..<min($0, set.count)) } ?? set
    }
}

package struct TrainingConfiguration: Codable, Sendable, Equatable {
    package var model: StudyModel
    /// The model's layers. Recorded (and so part of the cache key) unless they are the built-in
    /// ones of its name, which keeps the keys runs of the lab's models had before study files.
    package var architecture: Architecture
    package var epochs: Int
    package var batchSize: Int
    package var seed: UInt64
    package var optimizer: Adam<Float>.Configuration
    /// The last images of the training set held out for validation (Keras' `validation_split=0.1`).
    package var validationCount: Int
    /// Use only the first N training / test images (for quick runs); nil for all.
    package var trainingLimit: Int?
    package var testLimit: Int?
    /// Train and test on images whose pixels are scrambled by the permutation of this seed
    /// (`PixelPermutation`); nil for the images as they are. Left out of the JSON when nil, so
    /// cache keys of unpermuted runs are what they were before the field existed.
    package var pixelPermutationSeed: UInt64?
    /// Random crops and flips of the training images; nil for none. This and the two below are
    /// left out of the JSON when nil, so the cache keys of runs without them stay as they were.
    package var augmentation: Augmentation?
    /// The learning rate's schedule; nil for a constant rate.
    package var schedule: LearningRateSchedule?
    package var earlyStopping: EarlyStopping?
    /// The OpenMP threads the run computes with (`ComputeThreads`): a CNN's numbers depend on
    /// them, so they are part of the cache key. Nil (left out of the JSON) for runs recorded
    /// before ConvLab recorded it, and for runs that take whatever the process has.
    package var computeThreads: Int?
    /// airbench's pieces of a recipe, each nil (left out of the JSON, so no other run's key
    /// moves) when a run does not use it. `sgd` replaces Adam (whose settings are then not recorded).
    package var sgd: SGDTraining?
    /// PyTorch's `label_smoothing` ε of the cross-entropy.
    package var labelSmoothing: Double?
    package var lookahead: LookaheadSchedule?
    /// A run of a fractional number of epochs (airbench's 9.9): `epochs` is its ceiling, and
    /// training stops after ⌈batches per epoch × this⌉ steps.
    package var fractionalEpochs: Double?
    /// Leave out each epoch's last, smaller batch (`Batcher.dropsLastBatch`).
    package var dropsLastBatch: Bool?
    package var whitening: WhiteningInitialisation?
    /// How the trained model's test accuracy is measured at the end (airbench: mirror and
    /// translate); the per-epoch numbers are without it.
    package var testTimeAugmentation: TestTimeAugmentation?
    /// How the weights start when not as Keras' Glorot-uniform (airbench's: PyTorch's, dirac convs).
    package var initialisation: WeightInitialisation?

    package init(
        model definition: ModelDefinition, epochs: Int = 10, batchSize: Int = Self.defaultBatchSize, seed: UInt64 = 0,
        optimizer: Adam<Float>.Configuration = .init(), validationCount: Int = 5000,
        trainingLimit: Int? = nil, testLimit: Int? = nil, pixelPermutationSeed: UInt64? = nil,
        augmentation: Augmentation? = nil, schedule: LearningRateSchedule? = nil, earlyStopping: EarlyStopping? = nil,
        computeThreads: Int? = nil
    ) {
        self.model = definition.model
        self.architecture = definition.architecture
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
        self.optimizer = optimizer
        self.validationCount = validationCount
        self.trainingLimit = trainingLimit
        self.testLimit = testLimit
        self.pixelPermutationSeed = pixelPermutationSeed
        self.augmentation = augmentation
        self.schedule = schedule
        self.earlyStopping = earlyStopping
        self.computeThreads = computeThreads
    }

    /// Keras' default mini-batch, the lab's.
    package static let defaultBatchSize = 64

    package var isPermuted: Bool { pixelPermutationSeed != nil }

    /// How the run reads its images' pixels (`Batcher.pixelSource`): scrambled by the seed's
    /// permutation, or as they are.
    package var pixelSource: [Int]? { pixelPermutationSeed.map { PixelPermutation(seed: $0).source } }

    /// The test images this run is evaluated on: the first `testLimit` of the test set, or all.
    package func testImages(of data: CIFAR10) -> ImageSet { ImageSet.prefix(testLimit, of: data.test) }

    /// The seed of the per-epoch shuffles: a second stream derived from `seed`, so that the
    /// weight initialisation and the data order can be told apart and both replayed.
    package var shuffleSeed: UInt64 { seed ^ 0x5DEE_CE66_D1CE_5EED }

    /// The seed of the augmentation's draws: a third stream derived from `seed`.
    package var augmentationSeed: UInt64 { SeededGenerator.hash(seed, 0xA0_6E_A7E) }

    /// The optimiser steps the run takes when it stops within an epoch; nil when it runs all of them.
    package func stepLimit(batchesPerEpoch: Int) -> Int? {
        fractionalEpochs.map { Int((Double(batchesPerEpoch) * $0).rounded(.up)) }
    }
}

/// One epoch's numbers. Training loss and accuracy are means over the epoch's batches,
/// weighted by batch size, while the weights were changing (as Keras reports them);
/// validation and test numbers are measured after the epoch.
package struct EpochMetrics: Codable, Sendable, Equatable {
    package var epoch: Int
    package var trainingLoss: Double
    package var trainingAccuracy: Double
    package var validationLoss: Double
    package var validationAccuracy: Double
    package var testLoss: Double
    package var testAccuracy: Double
    /// Wall time of the training loop alone, and its throughput.
    package var trainingSeconds: Double
    package var imagesPerSecond: Double
    package var evaluationSeconds: Double

    package init(
        epoch: Int, trainingLoss: Double, trainingAccuracy: Double, validationLoss: Double, validationAccuracy: Double,
        testLoss: Double, testAccuracy: Double, trainingSeconds: Double, imagesPerSecond: Double,
        evaluationSeconds: Double
    ) {
        self.epoch = epoch
        self.trainingLoss = trainingLoss
        self.trainingAccuracy = trainingAccuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.trainingSeconds = trainingSeconds
        self.imagesPerSecond = imagesPerSecond
        self.evaluationSeconds = evaluationSeconds
    }
}

package struct TrainingRun: Codable, Sendable, Equatable {
    package var configuration: TrainingConfiguration
    package var architecture: Architecture
    package var parameterCount: Int
    package var trainingCount: Int
    package var validationCount: Int
    package var testCount: Int
    package var epochs: [EpochMetrics]
    package var totalSeconds: Double
    /// How the conv layers computed (`Sequential.convolutionEngine`): engines agree to ~1e-5 per
    /// layer, so a rerun on another engine differs in the last digits. Nil for models without
    /// convolutions and for runs stored before ConvLab recorded it.
    package var convolutions: String?
    /// The engine options the run trained with; nil for runs stored before ConvLab recorded them.
    package var engine: EngineOptions?
    /// With early stopping: the epoch whose weights the run kept (the best on validation).
    package var keptEpoch: Int?
    /// The validation loss of the initialised network, before any step: ln 10 ≈ 2.303 for a
    /// network whose initial outputs favour no class. Nil for runs stored before it was recorded.
    package var initialLoss: Double?
    /// The final model's test accuracy with the configuration's test-time augmentation; nil without one.
    package var augmentedTestAccuracy: Double?

    package init(
        configuration: TrainingConfiguration, architecture: Architecture, parameterCount: Int, trainingCount: Int,
        validationCount: Int, testCount: Int, epochs: [EpochMetrics], totalSeconds: Double, convolutions: String? = nil,
        engine: EngineOptions? = nil, keptEpoch: Int? = nil, initialLoss: Double? = nil
    ) {
        self.configuration = configuration
        self.architecture = architecture
        self.parameterCount = parameterCount
        self.trainingCount = trainingCount
        self.validationCount = validationCount
        self.testCount = testCount
        self.epochs = epochs
        self.totalSeconds = totalSeconds
        self.convolutions = convolutions
        self.engine = engine
        self.keptEpoch = keptEpoch
        self.initialLoss = initialLoss
    }

    /// The epoch whose weights the run ended with: the kept one under early stopping, else the last.
    package var final: EpochMetrics? { keptEpoch.flatMap { k in epochs.first { $0.epoch == k } } ?? epochs.last }

    /// The training seconds from the start to the end of each epoch (evaluation not counted).
    package var elapsedTrainingSeconds: [Double] {
        var total = 0.0
        return epochs.map { epoch in
            total += epoch.trainingSeconds
            return total
        }
    }

    /// Whether the run trained all it was going to: every epoch of its configuration, or up to
    /// where early stopping ended it (`EarlyStopping.stops`, the rule `Trainer` stops by).
    package var isFinished: Bool {
        if epochs.count == configuration.epochs { return true }
        guard let stopping = configuration.earlyStopping, let kept = keptEpoch, let last = epochs.last?.epoch
        else { return false }
        return epochs.count < configuration.epochs && stopping.stops(after: last, bestEpoch: kept)
    }
}

import CIFAR
import Foundation
import NeuralNet

/// Where a run is, for a progress bar.
package struct TrainingProgress: Sendable {
    package var epoch: Int
    package var epochs: Int
    package var batch: Int
    package var batches: Int
    package var imagesPerSecond: Double
    package var secondsLeftInEpoch: Double

    package init(
        epoch: Int, epochs: Int, batch: Int, batches: Int, imagesPerSecond: Double, secondsLeftInEpoch: Double
    ) {
        (self.epoch, self.epochs, self.batch, self.batches) = (epoch, epochs, batch, batches)
        (self.imagesPerSecond, self.secondsLeftInEpoch) = (imagesPerSecond, secondsLeftInEpoch)
    }
}

/// Trains one model on CIFAR-10 with mini-batch Adam and softmax cross-entropy.
package struct Trainer {
    package let configuration: TrainingConfiguration
    package let training: ImageSet
    package let validation: ImageSet
    package let test: ImageSet
    /// How the network computes; recorded with the run, not part of its cache key (engines
    /// agree to rounding).
    package let engine: EngineOptions

    package init(configuration: TrainingConfiguration, data: CIFAR10, engine: EngineOptions = .fastest) {
        self.configuration = configuration
        self.engine = engine
        let limited = ImageSet.prefix(configuration.trainingLimit, of: data.training)
        (training, validation) = limited.splittingOffLast(configuration.validationCount)
        test = configuration.testImages(of: data)
    }

    /// Where an interrupted run stood after its last finished epoch.
    package struct ResumePoint: Codable, Sendable {
        package var epochs: [EpochMetrics]
        package var weights: Data
        package var optimizer: Adam<Float>.State
        package var seconds: Double
        /// Under early stopping: the best epoch so far and its weights.
        package var best: BestEpoch?
        /// The run's `initialLoss`, measured before its first step.
        package var initialLoss: Double?

        package init(
            epochs: [EpochMetrics], weights: Data, optimizer: Adam<Float>.State, seconds: Double,
            best: BestEpoch? = nil,
            initialLoss: Double? = nil
        ) {
            self.epochs = epochs
            self.weights = weights
            self.optimizer = optimizer
            self.seconds = seconds
            self.best = best
            self.initialLoss = initialLoss
        }
    }

    /// The epoch with the highest validation accuracy so far (the first, on ties) and its weights.
    package struct BestEpoch: Codable, Sendable {
        package var epoch: Int
        package var validationAccuracy: Double
        package var weights: Data
    }

    /// Runs every epoch; `onProgress` is called after each batch, `onEpoch` after each epoch, and
    /// `onCheckpoint` (when given) with the state to resume from. Training from `resume` continues
    /// exactly where that checkpoint stood: the same weights, optimiser state and batch order.
    package func run(
        resume: ResumePoint? = nil,
        onProgress: (TrainingProgress) -> Void = { _ in },
        onEpoch: (EpochMetrics) -> Void = { _ in },
        onCheckpoint: ((ResumePoint) throws -> Void)? = nil
    ) throws -> (run: TrainingRun, model: Sequential<Float>) {
        let c = configuration
        guard c.epochs >= 1, c.batchSize >= 1 else {
            throw StudyError("epochs (\(c.epochs)) and batch size (\(c.batchSize)) must both be at least 1")
        }
        guard training.count > 0 else {
            throw StudyError(
                "\(c.validationCount) validation images leave none of the \(training.count + validation.count) "
                    + "to train on: hold out fewer images for validation (a tenth is usual)")
        }
        if let resume, resume.epochs.count >= c.epochs {
            throw StudyError(
                "the resume point has \(resume.epochs.count) finished epochs; the run has only \(c.epochs)")
        }
        try c.schedule?.validate(epochs: c.epochs)
        if c.architecture.layers.contains(.batchNorm), c.batchSize == 1 || training.count % c.batchSize == 1 {
            throw StudyError(
                """
                batch normalisation on a batch of one image: \(training.count) training images in batches of \
                \(c.batchSize) leave a batch of one, whose statistics are undefined; choose another batch size
                """)
        }
        if let patience = c.earlyStopping?.patience, patience < 1 {
            throw StudyError("early stopping needs a patience of at least 1 epoch, got \(patience)")
        }
        return try ComputeThreads.with(c.computeThreads) {
            try Denormals.flushingToZero {
                try train(resume: resume, onProgress: onProgress, onEpoch: onEpoch, onCheckpoint: onCheckpoint)
            }
        }
    }

    private func train(
        resume: ResumePoint?, onProgress: (TrainingProgress) -> Void, onEpoch: (EpochMetrics) -> Void,
        onCheckpoint: ((ResumePoint) throws -> Void)?
    ) throws -> (run: TrainingRun, model: Sequential<Float>) {
        let c = configuration
        let (model, optimizer) = try makeModel(resuming: resume)
        var batches = BatchLoop(
            model: model, optimizer: optimizer,
            batcher: Batcher(images: training, batchSize: c.batchSize, pixelSource: c.pixelSource))
        let batchCount = batches.batcher.batchCount
        var shuffler = SeededGenerator(seed: c.shuffleSeed)
        var epochs: [EpochMetrics] = resume?.epochs ?? []
        var best = resume?.best
        let started = Date().addingTimeInterval(-(resume?.seconds ?? 0))
        let initialLoss: Double? =
            if let resume { resume.initialLoss } else {
                Evaluation.run(model, on: validation.count > 0 ? validation : test, pixelSource: c.pixelSource).loss
            }
        // Replay the finished epochs' shuffles so the generator stands where it stood.
        for _ in epochs.indices { _ = Batcher.shuffledIndices(count: training.count, using: &shuffler) }

        for epoch in (epochs.count + 1)..<(c.epochs + 1) {
            let order = Batcher.shuffledIndices(count: training.count, using: &shuffler)
            let epochStart = Date()
            let placement = c.augmentation.map { a in
                { (index: Int) in a.placement(seed: c.augmentationSeed, epoch: epoch, index: index) }
            }
            let rate = c.schedule.map { s in
                { (step: Int) in
                    s.rate(base: c.optimizer.learningRate, step: step, stepsPerEpoch: batchCount, epochs: c.epochs)
                }
            }
            let totals = batches.run(order: order, placement: placement, learningRate: rate) { batch, seen in
                let rate = Double(seen) / max(Date().timeIntervalSince(epochStart), 1e-9)
                onProgress(
                    TrainingProgress(
                        epoch: epoch, epochs: c.epochs, batch: batch, batches: batchCount,
                        imagesPerSecond: rate, secondsLeftInEpoch: Double(training.count - seen) / rate))
            }
            let metrics = measure(
                model, epoch: epoch, totals: totals, trainingSeconds: Date().timeIntervalSince(epochStart))
            epochs.append(metrics)
            onEpoch(metrics)
            if c.earlyStopping != nil, metrics.validationAccuracy > best?.validationAccuracy ?? -1 {
                best = BestEpoch(
                    epoch: epoch, validationAccuracy: metrics.validationAccuracy,
                    weights: try NeuralNet.Checkpoint.encode(model, classNames: []))
            }
            if let stopping = c.earlyStopping, let best, stopping.stops(after: epoch, bestEpoch: best.epoch) { break }
            if let onCheckpoint, epoch < c.epochs {
                try onCheckpoint(
                    ResumePoint(
                        epochs: epochs, weights: try NeuralNet.Checkpoint.encode(model, classNames: []),
                        optimizer: optimizer.state, seconds: Date().timeIntervalSince(started), best: best,
                        initialLoss: initialLoss))
            }
        }
        if let best { try restore(best, into: model) }
        let run = TrainingRun(
            configuration: c, architecture: model.architecture, parameterCount: model.parameterCount,
            trainingCount: training.count, validationCount: validation.count, testCount: test.count,
            epochs: epochs, totalSeconds: Date().timeIntervalSince(started), convolutions: model.convolutionEngine,
            engine: engine, keptEpoch: best?.epoch, initialLoss: initialLoss)
        return (run, model)
    }

    /// Puts the best epoch's weights (and moving statistics) back into `model`.
    private func restore(_ best: BestEpoch, into model: Sequential<Float>) throws {
        let kept: Sequential<Float> = try NeuralNet.Checkpoint.decode(
            best.weights, source: "the weights of epoch \(best.epoch)",
            expecting: model.architecture, options: engine
        ).model
        for (to, from) in zip(
            model.parameters.map(\.value) + model.buffers.map(\.value),
            kept.parameters.map(\.value) + kept.buffers.map(\.value))
        {
            to.assign(from.values)
        }
    }

    /// The network and its optimiser: new from the run's seed, or as the resume point left them.
    private func makeModel(resuming resume: ResumePoint?) throws -> (Sequential<Float>, Adam<Float>) {
        let c = configuration
        var model = try Sequential<Float>(c.architecture, seed: c.seed, options: engine)
        if let resume {
            model = try NeuralNet.Checkpoint.decode(
                resume.weights, source: "checkpoint of \(c.model.rawValue) seed \(c.seed)",
                expecting: c.architecture, options: engine
            ).model
        }
        let optimizer = Adam(parameters: model.parameters, configuration: c.optimizer)
        if let resume { try optimizer.restore(resume.optimizer) }
        return (model, optimizer)
    }

    /// An epoch's metrics: the training totals, then validation and test measured after it.
    private func measure(
        _ model: Sequential<Float>, epoch: Int, totals: BatchLoop.Totals, trainingSeconds: Double
    ) -> EpochMetrics {
        let evaluationStart = Date()
        let onValidation = Evaluation.run(model, on: validation, pixelSource: configuration.pixelSource)
        let onTest = Evaluation.run(model, on: test, pixelSource: configuration.pixelSource)
        let seen = Double(totals.seen)
        return EpochMetrics(
            epoch: epoch, trainingLoss: totals.lossSum / seen, trainingAccuracy: Double(totals.correct) / seen,
            validationLoss: onValidation.loss, validationAccuracy: onValidation.accuracy,
            testLoss: onTest.loss, testAccuracy: onTest.accuracy,
            trainingSeconds: trainingSeconds, imagesPerSecond: seen / trainingSeconds,
            evaluationSeconds: Date().timeIntervalSince(evaluationStart))
    }
}

/// One pass of mini-batch steps over the training images: forward, loss, backward, update.
/// Its buffers are allocated once and reused by every batch.
struct BatchLoop {
    struct Totals {
        var lossSum = 0.0, correct = 0, seen = 0
    }

    let model: Sequential<Float>
    let optimizer: Adam<Float>
    let batcher: Batcher
    private let loss = SoftmaxCrossEntropy<Float>()
    private let input: Tensor<Float>  // (batch, H, W, C)
    private var pixels: [Float] = [], labels: [Int] = []

    init(model: Sequential<Float>, optimizer: Adam<Float>, batcher: Batcher) {
        self.model = model
        self.optimizer = optimizer
        self.batcher = batcher
        input = Tensor<Float>(zeros: [batcher.batchSize] + model.architecture.inputShape)
    }

    /// Every batch of `order`, each image placed by `placement` (augmentation) and each step at
    /// `learningRate(step)` (a schedule) when given; `afterBatch` gets the batch's number (from
    /// 1) and the images seen so far.
    mutating func run(
        order: [Int], placement: ((Int) -> ImagePlacement)? = nil, learningRate: ((Int) -> Double)? = nil,
        afterBatch: (Int, Int) -> Void
    ) -> Totals {
        var totals = Totals()
        for b in 0..<batcher.batchCount {
            let indices = batcher.indices(ofBatch: b, in: order)
            batcher.fill(indices, pixels: &pixels, labels: &labels, placement: placement)
            let batch = input.prefix(samples: indices.count)
            batch.assign(pixels)
            let result = loss(logits: model.forward(batch, phase: .training(step: optimizer.step)), labels: labels)
            model.backward(result.gradient)
            optimizer.update(learningRate: learningRate?(optimizer.step))
            totals.lossSum += result.loss * Double(indices.count)
            totals.correct += result.correct
            totals.seen += indices.count
            afterBatch(b + 1, totals.seen)
        }
        return totals
    }
}

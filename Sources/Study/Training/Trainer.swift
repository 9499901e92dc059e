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

/// Trains one model on CIFAR-10 with softmax cross-entropy and mini-batch Adam, or airbench's
/// SGD recipe when the configuration asks for it (`RunOptimizer`).
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
        /// The optimiser's state: Adam's, or SGD's (and Lookahead's slow weights) for airbench's recipe.
        package var optimizer: Adam<Float>.State?
        package var sgd: SGD<Float>.State?
        package var lookahead: [[Float]]?
        package var seconds: Double
        /// Under early stopping: the best epoch so far and its weights.
        package var best: BestEpoch?
        /// The run's `initialLoss`, measured before its first step.
        package var initialLoss: Double?

        package init(
            epochs: [EpochMetrics], weights: Data,
            optimizer: (adam: Adam<Float>.State?, sgd: SGD<Float>.State?, lookahead: [[Float]]?), seconds: Double,
            best: BestEpoch? = nil, initialLoss: Double? = nil
        ) {
            self.epochs = epochs
            self.weights = weights
            (self.optimizer, sgd, lookahead) = optimizer
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
        try validateSpeedrunSettings()
        let lastBatch = c.dropsLastBatch == true ? 0 : training.count % c.batchSize
        if c.architecture.layers.contains(where: { $0.kind == .batchNormalization }), c.batchSize == 1 || lastBatch == 1
        {
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
        let batcher = Batcher(
            images: training, batchSize: c.batchSize, pixelSource: c.pixelSource,
            dropsLastBatch: c.dropsLastBatch == true)
        let batchCount = batcher.batchCount
        let (model, optimizer) = try makeModel(resuming: resume, batchesPerEpoch: batchCount)
        var batches = BatchLoop(
            model: model, optimizer: optimizer, batcher: batcher, labelSmoothing: c.labelSmoothing ?? 0)
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
            optimizer.beginEpoch(epoch)
            let totals = batches.run(order: order, placement: placement) { batch, seen in
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
        let augmented = c.testTimeAugmentation.map {
            Evaluation.run(model, on: test, pixelSource: c.pixelSource, augmentation: $0).accuracy
        }
        var run = TrainingRun(
            configuration: c, architecture: model.architecture, parameterCount: model.parameterCount,
            trainingCount: training.count, validationCount: validation.count, testCount: test.count,
            epochs: epochs, totalSeconds: Date().timeIntervalSince(started), convolutions: model.convolutionEngine,
            engine: engine, keptEpoch: best?.epoch, initialLoss: initialLoss)
        run.augmentedTestAccuracy = augmented
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

    /// The network and its optimiser: new from the run's seed (its whitening layer set from the
    /// training images when the recipe has one), or as the resume point left them.
    private func makeModel(
        resuming resume: ResumePoint?, batchesPerEpoch: Int
    ) throws -> (Sequential<Float>, RunOptimizer) {
        let c = configuration
        var model = try Sequential<Float>(c.architecture, seed: c.seed, options: engine)
        if let resume {
            model = try NeuralNet.Checkpoint.decode(
                resume.weights, source: "checkpoint of \(c.model.rawValue) seed \(c.seed)",
                expecting: c.architecture, options: engine
            ).model
        } else {
            c.initialisation?.apply(to: model, seed: c.seed)
            if let whitening = c.whitening { whiten(model, whitening) }
        }
        let optimizer = RunOptimizer(model, configuration: c, batchesPerEpoch: batchesPerEpoch)
        if let resume { try optimizer.restore(adam: resume.optimizer, sgd: resume.sgd, lookahead: resume.lookahead) }
        return (model, optimizer)
    }

    /// Sets the first conv's filters from the covariance of the first training images' patches,
    /// as that conv sees them (normalised, when a `normalize` comes first).
    private func whiten(_ model: Sequential<Float>, _ settings: WhiteningInitialisation) {
        guard let first = model.layers.firstIndex(where: { $0 is Conv2D<Float> }),
            let conv = model.layers[first] as? Conv2D<Float>
        else { return }
        let count = min(settings.images, training.count)
        var pixels: [Float] = []
        var labels: [Int] = []
        Batcher(images: training, batchSize: max(count, 1), pixelSource: configuration.pixelSource)
            .fill(Array(0..<count)[...], pixels: &pixels, labels: &labels)
        let images = Tensor<Float>(shape: [count] + model.architecture.inputShape, values: pixels)
        pixels = model.layers[..<first].reduce(images) { x, layer in layer.forward(x, phase: .inference) }.values
        let (h, w, channels) = (conv.inputShape[0], conv.inputShape[1], conv.inputShape[2])
        let whitening = pixels.withUnsafeBufferPointer {
            Whitening(
                patchesOf: $0, count: count, height: h, width: w, channels: channels, size: conv.kernelSize,
                epsilon: settings.epsilon)
        }
        conv.weight.value.assign(whitening.kernel)
    }

    /// Refuses airbench's settings where they cannot run, saying what to change.
    private func validateSpeedrunSettings() throws {
        let c = configuration
        if let f = c.fractionalEpochs, !(f > 0 && Int(f.rounded(.up)) == c.epochs) {
            throw StudyError("a run of \(f) epochs makes \(Int(f.rounded(.up))) passes, not \(c.epochs)")
        }
        if let problem = c.whitening.flatMap({ $0.problem(with: c.architecture) }) { throw StudyError(problem) }
        if let e = c.labelSmoothing, !(0..<1).contains(e) {
            throw StudyError("label smoothing must be in [0, 1), got \(e)")
        }
        if c.dropsLastBatch == true, training.count < c.batchSize {
            throw StudyError(
                "\(training.count) training images make no whole batch of \(c.batchSize): use a smaller batch")
        }
        if let l = c.lookahead, l.every < 1 || !(0...1).contains(l.decay) {
            throw StudyError("Lookahead needs every ≥ 1 step and a decay in [0, 1], got \(l.every) and \(l.decay)")
        }
        if let s = c.sgd, !((0..<1).contains(s.momentum) && s.learningRate > 0 && s.weightDecay >= 0) {
            throw StudyError("SGD needs a momentum in [0, 1), a rate > 0 and a decay ≥ 0")
        }
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
    let optimizer: RunOptimizer
    let batcher: Batcher
    private let loss: SoftmaxCrossEntropy<Float>
    private let input: Tensor<Float>  // (batch, H, W, C)
    private var pixels: [Float] = [], labels: [Int] = []

    init(model: Sequential<Float>, optimizer: RunOptimizer, batcher: Batcher, labelSmoothing: Double = 0) {
        self.model = model
        self.optimizer = optimizer
        self.batcher = batcher
        loss = SoftmaxCrossEntropy(labelSmoothing: labelSmoothing)
        input = Tensor<Float>(zeros: [batcher.batchSize] + model.architecture.inputShape)
    }

    /// Every batch of `order` (up to the run's last step), each image placed by `placement`
    /// (augmentation) when given; `afterBatch` gets the batch's number (from 1) and the images
    /// seen so far.
    mutating func run(
        order: [Int], placement: ((Int) -> ImagePlacement)? = nil, afterBatch: (Int, Int) -> Void
    ) -> Totals {
        var totals = Totals()
        for b in 0..<batcher.batchCount {
            let indices = batcher.indices(ofBatch: b, in: order)
            batcher.fill(indices, pixels: &pixels, labels: &labels, placement: placement)
            let batch = input.prefix(samples: indices.count)
            batch.assign(pixels)
            let result = loss(logits: model.forward(batch, phase: .training(step: optimizer.step)), labels: labels)
            model.backward(result.gradient)
            let continues = optimizer.update()
            totals.lossSum += result.loss * Double(indices.count)
            totals.correct += result.correct
            totals.seen += indices.count
            afterBatch(b + 1, totals.seen)
            if !continues { break }
        }
        return totals
    }
}

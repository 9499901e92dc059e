import CIFAR
import Foundation
import NeuralNet

/// Where a run is, for a progress bar.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var batch: Int
    public var batches: Int
    public var imagesPerSecond: Double
    public var secondsLeftInEpoch: Double
}

/// Trains one model on CIFAR-10 with mini-batch Adam and softmax cross-entropy.
public struct Trainer {
    public let configuration: TrainingConfiguration
    public let training: ImageSet
    public let validation: ImageSet
    public let test: ImageSet
    /// How the network computes; recorded with the run, not part of its cache key (engines
    /// agree to rounding).
    public let engine: EngineOptions

    public init(configuration: TrainingConfiguration, data: CIFAR10, engine: EngineOptions = .fastest) {
        self.configuration = configuration
        self.engine = engine
        let limited = ImageSet.prefix(configuration.trainingLimit, of: data.training)
        (training, validation) = limited.splittingOffLast(min(configuration.validationCount, limited.count / 10))
        test = configuration.testImages(of: data)
    }

    /// Where an interrupted run stood after its last finished epoch.
    public struct ResumePoint: Codable, Sendable {
        public var epochs: [EpochMetrics]
        public var weights: Data
        public var optimizer: Adam<Float>.State
        public var seconds: Double

        public init(epochs: [EpochMetrics], weights: Data, optimizer: Adam<Float>.State, seconds: Double) {
            self.epochs = epochs
            self.weights = weights
            self.optimizer = optimizer
            self.seconds = seconds
        }
    }

    /// Runs every epoch; `onProgress` is called after each batch, `onEpoch` after each epoch, and
    /// `onCheckpoint` (when given) with the state to resume from. Training from `resume` continues
    /// exactly where that checkpoint stood: the same weights, optimiser state and batch order.
    public func run(
        resume: ResumePoint? = nil,
        onProgress: (TrainingProgress) -> Void = { _ in },
        onEpoch: (EpochMetrics) -> Void = { _ in },
        onCheckpoint: ((ResumePoint) throws -> Void)? = nil
    ) throws -> (run: TrainingRun, model: Sequential<Float>) {
        let c = configuration
        guard c.epochs >= 1, c.batchSize >= 1 else {
            throw StudyError("epochs (\(c.epochs)) and batch size (\(c.batchSize)) must both be at least 1")
        }
        guard training.count > 0 else { throw StudyError("no training images left after the validation split; use more images") }
        if let resume, resume.epochs.count >= c.epochs {
            throw StudyError("the resume point has \(resume.epochs.count) finished epochs; the run has only \(c.epochs)")
        }
        return try Denormals.flushingToZero { try train(resume: resume, onProgress: onProgress, onEpoch: onEpoch, onCheckpoint: onCheckpoint) }
    }

    private func train(
        resume: ResumePoint?, onProgress: (TrainingProgress) -> Void, onEpoch: (EpochMetrics) -> Void,
        onCheckpoint: ((ResumePoint) throws -> Void)?
    ) throws -> (run: TrainingRun, model: Sequential<Float>) {
        let c = configuration
        var model = try Sequential<Float>(c.model.architecture, seed: c.seed, options: engine)
        if let resume {
            model = try NeuralNet.Checkpoint.decode(resume.weights, source: "checkpoint of \(c.model.rawValue) seed \(c.seed)",
                                                    expecting: c.model.architecture, options: engine).model
        }
        let optimizer = Adam(parameters: model.parameters, configuration: c.optimizer)
        if let resume { try optimizer.restore(resume.optimizer) }
        let loss = SoftmaxCrossEntropy<Float>()
        let batcher = Batcher(images: training, batchSize: c.batchSize)
        let input = Tensor<Float>(zeros: [c.batchSize] + model.architecture.inputShape)
        var shuffler = SeededGenerator(seed: c.shuffleSeed)
        var pixels: [Float] = [], labels: [Int] = []
        var epochs: [EpochMetrics] = resume?.epochs ?? []
        let started = Date().addingTimeInterval(-(resume?.seconds ?? 0))
        // Replay the finished epochs' shuffles so the generator stands where it stood.
        for _ in epochs.indices { _ = Batcher.shuffledIndices(count: training.count, using: &shuffler) }

        for epoch in (epochs.count + 1)..<(c.epochs + 1) {
            let order = Batcher.shuffledIndices(count: training.count, using: &shuffler)
            var lossSum = 0.0, correct = 0, seen = 0
            let epochStart = Date()
            for b in 0..<batcher.batchCount {
                let indices = batcher.indices(ofBatch: b, in: order)
                batcher.fill(indices, pixels: &pixels, labels: &labels)
                let batch = input.prefix(samples: indices.count)
                batch.assign(pixels)
                let result = loss(logits: model.forward(batch), labels: labels)
                model.backward(result.gradient)
                optimizer.update()
                lossSum += result.loss * Double(indices.count)
                correct += result.correct
                seen += indices.count
                let elapsed = Date().timeIntervalSince(epochStart)
                let rate = Double(seen) / max(elapsed, 1e-9)
                onProgress(TrainingProgress(epoch: epoch, epochs: c.epochs, batch: b + 1, batches: batcher.batchCount,
                                            imagesPerSecond: rate, secondsLeftInEpoch: Double(training.count - seen) / rate))
            }
            let trainingSeconds = Date().timeIntervalSince(epochStart)
            let evaluationStart = Date()
            let onValidation = Evaluation.run(model, on: validation)
            let onTest = Evaluation.run(model, on: test)
            let metrics = EpochMetrics(
                epoch: epoch, trainingLoss: lossSum / Double(seen), trainingAccuracy: Double(correct) / Double(seen),
                validationLoss: onValidation.loss, validationAccuracy: onValidation.accuracy,
                testLoss: onTest.loss, testAccuracy: onTest.accuracy,
                trainingSeconds: trainingSeconds, imagesPerSecond: Double(seen) / trainingSeconds,
                evaluationSeconds: Date().timeIntervalSince(evaluationStart))
            epochs.append(metrics)
            onEpoch(metrics)
            if let onCheckpoint, epoch < c.epochs {
                try onCheckpoint(ResumePoint(epochs: epochs, weights: try NeuralNet.Checkpoint.encode(model, classNames: []),
                                            optimizer: optimizer.state, seconds: Date().timeIntervalSince(started)))
            }
        }
        let run = TrainingRun(configuration: c, architecture: model.architecture, parameterCount: model.parameterCount,
                              trainingCount: training.count, validationCount: validation.count, testCount: test.count,
                              epochs: epochs, totalSeconds: Date().timeIntervalSince(started), convolutions: model.convolutionEngine,
                              engine: engine)
        return (run, model)
    }
}

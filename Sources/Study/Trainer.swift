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

    public init(configuration: TrainingConfiguration, data: CIFAR10) {
        self.configuration = configuration
        let limited = configuration.trainingLimit.map { data.training.slice(0..<min($0, data.training.count)) } ?? data.training
        (training, validation) = limited.splittingOffLast(min(configuration.validationCount, limited.count / 10))
        test = configuration.testLimit.map { data.test.slice(0..<min($0, data.test.count)) } ?? data.test
    }

    /// Runs every epoch; `onProgress` is called after each batch, `onEpoch` after each epoch.
    public func run(
        onProgress: (TrainingProgress) -> Void = { _ in },
        onEpoch: (EpochMetrics) -> Void = { _ in }
    ) throws -> (run: TrainingRun, model: Sequential<Float>) {
        let c = configuration
        guard c.epochs >= 1, c.batchSize >= 1 else {
            throw StudyError("epochs (\(c.epochs)) and batch size (\(c.batchSize)) must both be at least 1")
        }
        guard training.count > 0 else { throw StudyError("no training images left after the validation split; use more images") }
        return try Denormals.flushingToZero { try train(onProgress: onProgress, onEpoch: onEpoch) }
    }

    private func train(
        onProgress: (TrainingProgress) -> Void, onEpoch: (EpochMetrics) -> Void
    ) throws -> (run: TrainingRun, model: Sequential<Float>) {
        let c = configuration
        let model = try Sequential<Float>(c.model.architecture, seed: c.seed)
        let optimizer = Adam(parameters: model.parameters, configuration: c.optimizer)
        let loss = SoftmaxCrossEntropy<Float>()
        let batcher = Batcher(images: training, batchSize: c.batchSize)
        let input = Tensor<Float>(zeros: [c.batchSize] + model.architecture.inputShape)
        var shuffler = SeededGenerator(seed: c.shuffleSeed)
        var pixels: [Float] = [], labels: [Int] = []
        var epochs: [EpochMetrics] = []
        let started = Date()

        for epoch in 1...c.epochs {
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
        }
        let run = TrainingRun(configuration: c, architecture: model.architecture, parameterCount: model.parameterCount,
                              trainingCount: training.count, validationCount: validation.count, testCount: test.count,
                              epochs: epochs, totalSeconds: Date().timeIntervalSince(started))
        return (run, model)
    }
}

import CIFAR
import NeuralNet

/// Loss, accuracy and per-image predictions of a model on a set of images.
package struct Evaluation: Sendable {
    package var loss: Double
    package var accuracy: Double
    /// Row-major (count, classes) softmax probabilities.
    package var probabilities: [Float]
    package var labels: [Int]
    package let classCount: Int

    package var predictions: [Int] {
        (0..<labels.count).map { i in
            let row = probabilities[(i * classCount)..<((i + 1) * classCount)]
            return row.indices.max { row[$0] < row[$1] }! - i * classCount
        }
    }

    /// Runs the model over `images` in batches of `batchSize` (inference: no backward pass),
    /// their pixels scrambled by `pixelSource` when given (see `Batcher`).
    package static func run(
        _ model: Sequential<Float>, on images: ImageSet, pixelSource: [Int]? = nil, batchSize: Int = 256
    ) -> Evaluation {
        let batcher = Batcher(images: images, batchSize: batchSize, pixelSource: pixelSource)
        let order = Array(0..<images.count)
        let loss = SoftmaxCrossEntropy<Float>()
        var pixels: [Float] = []
        var labels: [Int] = []
        let input = Tensor<Float>(zeros: [batchSize] + model.architecture.inputShape)
        var totalLoss = 0.0
        var correct = 0
        var probabilities: [Float] = []
        probabilities.reserveCapacity(images.count * 10)
        for b in 0..<batcher.batchCount {
            let indices = batcher.indices(ofBatch: b, in: order)
            batcher.fill(indices, pixels: &pixels, labels: &labels)
            let batch = input.prefix(samples: indices.count)
            batch.assign(pixels)
            let logits = model.forward(batch)
            let result = loss(logits: logits, labels: labels)
            totalLoss += result.loss * Double(indices.count)
            correct += result.correct
            probabilities += result.probabilities.values
        }
        let n = max(images.count, 1)
        return Evaluation(
            loss: totalLoss / Double(n), accuracy: Double(correct) / Double(n),
            probabilities: probabilities, labels: images.labels.map(Int.init),
            classCount: images.count == 0 ? 10 : probabilities.count / images.count)
    }
}

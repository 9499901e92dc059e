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
    /// their pixels scrambled by `pixelSource` when given (see `Batcher`), each image seen as
    /// `augmentation` says (the weighted mean of its views' logits).
    package static func run(
        _ model: Sequential<Float>, on images: ImageSet, pixelSource: [Int]? = nil, batchSize: Int = 256,
        augmentation: TestTimeAugmentation = .none
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
        let views = augmentation.views
        for b in 0..<batcher.batchCount {
            let indices = batcher.indices(ofBatch: b, in: order)
            let batch = input.prefix(samples: indices.count)
            var logits: Tensor<Float>?
            for (placement, weight) in views {
                batcher.fill(indices, pixels: &pixels, labels: &labels, placement: { _ in placement })
                batch.assign(pixels)
                let view = model.forward(batch)
                logits = views.count == 1 ? view : Self.adding(view, times: weight, to: logits)
            }
            let result = loss(logits: logits!, labels: labels)
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

    /// sum + weight·view, in a new tensor for the first view (the network reuses its output buffer).
    private static func adding(_ view: Tensor<Float>, times weight: Float, to sum: Tensor<Float>?) -> Tensor<Float> {
        let values = view.values
        guard let sum else { return Tensor(shape: view.shape, values: values.map { $0 * weight }) }
        sum.assign(zip(sum.values, values).map { $0 + weight * $1 })
        return sum
    }
}

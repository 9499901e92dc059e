import NeuralNet

/// A trained model's answers on the test set, kept with its run so that confusion matrices,
/// per-class accuracy and the worst mistakes can be redrawn without the model.
package struct TestPredictions: Codable, Sendable, Equatable {
    package var labels: [Int]
    package var predicted: [Int]
    /// The probability the model gave its predicted class.
    package var confidence: [Float]
    /// Probability of the true class.
    package var trueClassProbability: [Float]

    package init(_ evaluation: Evaluation) {
        labels = evaluation.labels
        predicted = evaluation.predictions
        confidence = predicted.enumerated().map { evaluation.probabilities[$0 * evaluation.classCount + $1] }
        trueClassProbability = labels.enumerated().map { evaluation.probabilities[$0 * evaluation.classCount + $1] }
    }

    package var accuracy: Double {
        Double(zip(labels, predicted).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
    }

    /// counts[true][predicted].
    package func confusion(classes: Int) -> [[Int]] {
        var m = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (t, p) in zip(labels, predicted) { m[t][p] += 1 }
        return m
    }

    package func perClassAccuracy(classes: Int) -> [Double] {
        confusion(classes: classes).enumerated().map { c, row in Double(row[c]) / Double(max(row.reduce(0, +), 1)) }
    }

    /// Indices of wrong predictions, most confident first.
    package func confidentMistakes(_ count: Int) -> [Int] {
        labels.indices.filter { labels[$0] != predicted[$0] }.sorted { confidence[$0] > confidence[$1] }.prefix(count)
            .map { $0 }
    }
}

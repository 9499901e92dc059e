import NeuralNet
import ReportKit

/// A model's memory, estimated from its description (`MemoryEstimate`), as one line.
enum MemoryLine {
    static func text(_ architecture: Architecture, batch: Int) throws -> String {
        let training = try architecture.memoryEstimate(batch: batch, training: true)
        let inference = try architecture.memoryEstimate(batch: batch, training: false)
        return "memory at batch \(batch): ~\(Format.megabytes(training.total)) to train (parameters "
            + "\(Format.megabytes(training.parameters)), gradients and Adam \(Format.megabytes(training.optimizer)), "
            + "activations \(Format.megabytes(training.activations))), ~\(Format.megabytes(inference.total)) "
            + "to predict; kernels' workspaces come on top"
    }
}

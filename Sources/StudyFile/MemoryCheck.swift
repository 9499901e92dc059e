import NeuralNet
import Study

/// A model whose estimated memory exceeds the budget is refused where the file defines it, before
/// anything is allocated: the estimate, the budget and what to change.
enum MemoryCheck {
    static func check(_ model: ModelDefinition, at field: Field, batch: Int, budget: Int) throws {
        let estimate = try model.architecture.memoryEstimate(batch: batch, training: true)
        guard estimate.total > budget else { return }
        throw field.error(
            "\(model.name) needs about \(bytes(estimate.total)) to train in batches of \(batch) "
                + "(\(bytes(estimate.parameters)) of parameters, \(bytes(estimate.optimizer)) of gradients and "
                + "Adam's moments, \(bytes(estimate.activations)) of activations), more than the "
                + "\(bytes(budget)) budget",
            fix: "use fewer filters or units, or a smaller batch; or raise the budget with --max-memory GB")
    }

    /// "68.7 GB", "412 MB".
    static func bytes(_ n: Int) -> String {
        let gb = Double(n) / 1e9
        return gb >= 1 ? String(format: "%.1f GB", gb) : String(format: "%.0f MB", Double(n) / 1e6)
    }
}

/// What a network needs in memory, computed from its description alone (nothing allocated), so
/// that a model too large for the machine is refused before it is built.
public struct MemoryEstimate: Sendable, Equatable {
    /// Weights and biases.
    public var parameters: Int
    /// Their gradients and Adam's two moments: three more copies.
    public var optimizer: Int
    /// Every layer's output for a batch, and its gradient when training; the input batch.
    public var activations: Int

    /// Bytes in all.
    public var total: Int { parameters.addingClamped(optimizer).addingClamped(activations) }
}

extension Architecture {
    /// Float32 bytes to train (`training`) or run a batch of `batch` images: parameters, the
    /// optimiser's copies when training, and every activation (twice when training, for its
    /// gradient). Kernels' own workspaces come on top: the estimate is a floor, not a ceiling.
    public func memoryEstimate(batch: Int, training: Bool) throws -> MemoryEstimate {
        let layers = try summary()
        let float = MemoryLayout<Float>.size
        let parameterCount = layers.reduce(0) { $0.addingClamped($1.parameters) }
        let perImage = layers.reduce(inputShape.reduce(1) { $0.multipliedClamped($1) }) { total, layer in
            total.addingClamped(layer.outputShape.reduce(1) { $0.multipliedClamped($1) })
        }
        let activations = perImage.multipliedClamped(batch).multipliedClamped(float * (training ? 2 : 1))
        let parameters = parameterCount.multipliedClamped(float)
        return MemoryEstimate(
            parameters: parameters, optimizer: training ? parameters.multipliedClamped(3) : 0,
            activations: activations)
    }
}

extension Int {
    /// The sum, or `Int.max` where it would overflow (a description can ask for anything).
    func addingClamped(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    /// The product, or `Int.max` where it would overflow.
    func multipliedClamped(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}

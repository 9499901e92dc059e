/// Batch normalisation's forward and backward done faster than the layer's own loops: the
/// interface between `BatchNormalization`'s reference path and the fast path. Float only, on the
/// layout it was made for; `gamma`, `beta`, `mean` and `variance` are the layer's (C) vectors.
protocol BatchNormalizationBackend: AnyObject {
    /// y = γ (x − μ) / √(σ² + ε) + β (rectified when the layer folds a ReLU in). With
    /// `usesBatchStatistics` μ and σ² are the batch's and are written to `mean` and `variance`;
    /// without, they are read from there (the moving averages).
    func forward(
        x: UnsafeMutablePointer<Float>, gamma: UnsafeMutablePointer<Float>, beta: UnsafeMutablePointer<Float>,
        mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>,
        batch: Int, usesBatchStatistics: Bool)
    /// dγ, dβ and dx for the batch `forward` last saw (x is that batch, `mean` and `variance` the
    /// statistics it used).
    func backward(
        x: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>, gamma: UnsafeMutablePointer<Float>,
        beta: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>,
        gammaGradient: UnsafeMutablePointer<Float>, betaGradient: UnsafeMutablePointer<Float>,
        dx: UnsafeMutablePointer<Float>, batch: Int, usesBatchStatistics: Bool)
}

extension FastPath {
    /// The fast implementation of batch normalisation over (H, W, C) images or (C) vectors in
    /// `layout`, or nil where there is none (Double, the portable engine, no oneDNN, or no
    /// primitive for this shape): then the layer runs its own loops.
    static func batchNormalization<T: Scalar>(
        of _: T.Type, shape: [Int], layout: ActivationLayout, epsilon: Double, rectifiesOutput: Bool,
        engine: ConvolutionEngine
    ) -> (any BatchNormalizationBackend)? {
        #if canImport(CDNNL)
        guard T.self == Float.self, engine != .im2col else { return nil }
        return OneDNNBatchNormalization(
            shape: shape, layout: layout, epsilon: Float(epsilon), rectifiesOutput: rectifiesOutput)
        #else
        return nil
        #endif
    }
}

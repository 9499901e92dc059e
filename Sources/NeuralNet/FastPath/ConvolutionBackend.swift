/// A convolution's three products done faster than Conv2D's own im2col + GEMM: the interface
/// between a layer's reference path and the fast path. Float only, on the layouts it was made
/// for; `weights` are Conv2D's (F, k, k, C).
protocol ConvolutionBackend: AnyObject {
    /// True when it runs as Winograd (rounding differs from direct convolution by ~1e-6).
    var isWinograd: Bool { get }
    /// y = conv(x, W) + b (rectified when the layer folds a ReLU in), for a batch.
    func forward(
        x: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>,
        y: UnsafeMutablePointer<Float>, batch: Int)
    /// dW, db and, when `dx` is given, dx, for the batch `forward` last saw (x is that batch).
    func backward(
        x: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
        dx: UnsafeMutablePointer<Float>?, batch: Int)
}

enum FastPath {
    /// The fast implementation of a convolution for these settings, or nil where there is none
    /// (Double, the im2col engine, no oneDNN, or no oneDNN primitive for this shape and layout):
    /// then the layer runs its own loops.
    static func convolution<T: Scalar>(
        of _: T.Type, geometry: ConvGeometry, filters: Int, rectifiesOutput: Bool,
        layouts: (input: ActivationLayout, output: ActivationLayout), engine: ConvolutionEngine,
        preparesInputGradient: Bool
    ) -> (any ConvolutionBackend)? {
        #if canImport(CDNNL)
        guard T.self == Float.self, engine != .im2col else { return nil }
        return OneDNNConvolution(
            geometry: geometry, filters: filters, rectifiesOutput: rectifiesOutput, layouts: layouts,
            allowsWinograd: engine == .oneDNN, preparesInputGradient: preparesInputGradient)
        #else
        return nil
        #endif
    }
}

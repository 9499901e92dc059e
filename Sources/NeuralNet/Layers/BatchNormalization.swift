/// Batch normalisation (Ioffe & Szegedy, 2015) over the last axis, with Keras' defaults: per
/// channel of (H, W, C) images, statistics over the N·H·W positions; per unit of (features)
/// vectors, over the N samples. Seen as a (R, C) matrix of R rows:
///
///   training   μ = Σ_r x / R,  σ² = Σ_r (x − μ)² / R,  x̂ = (x − μ) / √(σ² + ε),  y = γ x̂ + β
///              moving mean ← m · moving mean + (1 − m) μ, likewise the moving variance with σ²
///   inference  y = γ (x − moving mean) / √(moving variance + ε) + β
///   backward   dγ = Σ_r dy x̂,  dβ = Σ_r dy
///              dx = γ / (R √(σ² + ε)) · (R dy − Σ_r dy − x̂ Σ_r dy x̂)     (training)
///              dx = dy γ / √(moving variance + ε)                          (inference)
///
/// With `rectifiesOutput` (a ReLU folded in, see `NetworkPlan`) forward returns max(y, 0) and
/// backward first masks dy where that output is 0, as the ReLU would. Without `scales`, γ stays 1
/// and is not a parameter (not trained, not saved, not counted); backward still sums dγ, which dx
/// needs. For Float where oneDNN is present the fast path (`FastPath.batchNormalization`) replaces
/// these loops, on the layout the plan gave (channel blocks pass through it); the loops below read
/// NHWC only.
public final class BatchNormalization<T: Scalar>: Layer {
    public let kind = LayerKind.batchNormalization
    public let inputShape: [Int]  // (H, W, C) or (C)
    public var outputShape: [Int] { inputShape }
    public let gamma: Parameter<T>  // (C)
    public let beta: Parameter<T>  // (C)
    public let movingMean: Buffer<T>  // (C)
    public let movingVariance: Buffer<T>  // (C)
    public var parameters: [Parameter<T>] { scales ? [gamma, beta] : [beta] }
    public var buffers: [Buffer<T>] { [movingMean, movingVariance] }
    public let momentum: Double
    public let epsilon: Double
    public let scales: Bool
    public let rectifiesOutput: Bool
    /// How x and y lie in memory: NHWC unless the fast path took the layout asked for.
    public let layout: ActivationLayout

    private let fastPath: (any BatchNormalizationBackend)?
    private var normalized = Workspace<T>()  // (R, C): x̂, kept for backward (reference path)
    private var scale = Workspace<T>()  // (C): 1 / √(σ² + ε) of the last forward
    private var batchMean = Workspace<T>()  // (C): μ of the last training batch
    private var batchVariance = Workspace<T>()  // (C): σ² of the last training batch
    private var maskedGradient = Workspace<T>()  // (N, …): dy where the rectified output is positive
    private var output = Workspace<T>()  // (N, …) as the input
    private var inputGradient = Workspace<T>()  // (N, …) as the input
    private var input: Tensor<T>?  // the last forward's input: the fast path's backward reads it
    private var lastPhase = Phase.inference

    public init(
        shape: [Int], momentum: Double = 0.99, epsilon: Double = 1e-3, scales: Bool = true,
        rectifiesOutput: Bool = false,
        layout: ActivationLayout = .nhwc, engine: ConvolutionEngine = .preferred
    ) {
        inputShape = shape
        let channels = shape.last ?? 1
        gamma = Parameter(name: "gamma", shape: [channels])
        gamma.value.assign([T](repeating: 1, count: channels))
        beta = Parameter(name: "beta", shape: [channels])
        movingMean = Buffer(name: "moving_mean", shape: [channels])
        movingVariance = Buffer(name: "moving_variance", shape: [channels], fill: 1)
        self.momentum = momentum
        self.epsilon = epsilon
        self.scales = scales
        self.rectifiesOutput = rectifiesOutput
        fastPath = FastPath.batchNormalization(
            of: T.self, shape: shape, layout: layout, epsilon: epsilon, rectifiesOutput: rectifiesOutput,
            engine: engine)
        self.layout = fastPath == nil ? .nhwc : layout
    }

    /// True when this layer runs on the fast path (oneDNN's primitive), else on its own loops.
    public var runsOnOneDNN: Bool { fastPath != nil }

    private var channels: Int { inputShape.last ?? 1 }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        let c = channels
        let rows = x.count / c
        let y = output.view(x.shape)
        lastPhase = phase
        if phase.isTraining {
            precondition(
                rows > 1, "batch normalisation needs more than one value per channel to train: use batches of 2 or more"
            )
        }
        let (mean, variance) = statistics(phase)
        if let fastPath {
            fastPath.forward(
                x: floats(x.pointer), gamma: floats(gamma.value.pointer), beta: floats(beta.value.pointer),
                mean: floats(mean.pointer), variance: floats(variance.pointer), y: floats(y.pointer),
                batch: x.batchSize, usesBatchStatistics: phase.isTraining)
            input = x
        } else {
            normalizeAndScale(x, y, mean: mean, variance: variance, training: phase.isTraining)
        }
        if phase.isTraining { updateMovingAverages(mean: mean, variance: variance) }
        return y
    }

    /// The statistics a forward in `phase` normalises with: the batch's (to be computed), or the moving averages.
    private func statistics(_ phase: Phase) -> (mean: Tensor<T>, variance: Tensor<T>) {
        guard phase.isTraining else { return (movingMean.value, movingVariance.value) }
        return (batchMean.view([channels]), batchVariance.view([channels]))
    }

    /// The reference forward: statistics (in training), x̂ and y = γ x̂ + β, rectified if folded.
    private func normalizeAndScale(_ x: Tensor<T>, _ y: Tensor<T>, mean: Tensor<T>, variance: Tensor<T>, training: Bool)
    {
        let c = channels
        let rows = x.count / c
        let xhat = normalized.view([rows, c])
        let s = scale.view([c])
        if training {
            columnMeanAndVariance(x.pointer, rows: rows, columns: c, mean: mean.pointer, variance: variance.pointer)
        }
        for k in 0..<c { s[flat: k] = 1 / (variance[flat: k] + T(epsilon)).squareRoot() }
        normalize(x.pointer, mean: mean.pointer, scale: s.pointer, xhat.pointer, rows: rows, columns: c)
        scaleAndShift(
            xhat.pointer, gamma: gamma.value.pointer, beta: beta.value.pointer, y.pointer, rows: rows, columns: c)
        if rectifiesOutput { ReLU.rectify(y, into: y) }
    }

    private func updateMovingAverages(mean: Tensor<T>, variance: Tensor<T>) {
        let m = T(momentum)
        for k in 0..<channels {
            movingMean.value[flat: k] = m * movingMean.value[flat: k] + (1 - m) * mean[flat: k]
            movingVariance.value[flat: k] = m * movingVariance.value[flat: k] + (1 - m) * variance[flat: k]
        }
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        let dx = inputGradient.view(dy.shape)
        if let fastPath, let x = input {
            let (mean, variance) = statistics(lastPhase)
            fastPath.backward(
                x: floats(x.pointer), dy: floats(dy.pointer), gamma: floats(gamma.value.pointer),
                beta: floats(beta.value.pointer), mean: floats(mean.pointer), variance: floats(variance.pointer),
                gammaGradient: floats(gamma.gradient.pointer), betaGradient: floats(beta.gradient.pointer),
                dx: floats(dx.pointer), batch: dy.batchSize, usesBatchStatistics: lastPhase.isTraining)
            return needsInputGradient ? dx : nil
        }
        let c = channels
        let rows = dy.count / c
        let xhat = normalized.view([rows, c])
        let s = scale.view([c])
        var g = dy
        if rectifiesOutput {
            g = maskedGradient.view(dy.shape)
            ReLU.mask(dy, where: output.view(dy.shape), into: g)
        }
        // dβ and dγ are also the two column sums dx needs: Σ dy and Σ dy x̂.
        columnSums(g.pointer, rows: rows, columns: c, into: beta.gradient.pointer)
        columnDotProducts(g.pointer, xhat.pointer, rows: rows, columns: c, into: gamma.gradient.pointer)
        guard needsInputGradient else { return nil }
        batchNormInputGradient(
            g.pointer, xhat: xhat.pointer, gamma: gamma.value.pointer, scale: s.pointer,
            sumDy: beta.gradient.pointer, sumDyXhat: gamma.gradient.pointer, dx.pointer,
            rows: rows, columns: c, training: lastPhase.isTraining)
        return dx
    }
}

/// Per column of x (rows, columns): the mean and the (biased) variance, accumulated in Double.
@_specialize(where T == Float)
@_specialize(where T == Double)
func columnMeanAndVariance<T: Scalar>(
    _ x: UnsafePointer<T>, rows: Int, columns: Int,
    mean: UnsafeMutablePointer<T>, variance: UnsafeMutablePointer<T>
) {
    var sum = [Double](repeating: 0, count: columns)
    var squares = [Double](repeating: 0, count: columns)
    for r in 0..<rows {
        let row = x + r * columns
        for c in 0..<columns { sum[c] += Double(row[c]) }
    }
    for c in 0..<columns { mean[c] = T(sum[c] / Double(rows)) }
    for r in 0..<rows {
        let row = x + r * columns
        for c in 0..<columns {
            let d = Double(row[c]) - Double(mean[c])
            squares[c] += d * d
        }
    }
    for c in 0..<columns { variance[c] = T(squares[c] / Double(rows)) }
}

/// x̂ = (x − mean) · scale, per column.
@_specialize(where T == Float)
@_specialize(where T == Double)
func normalize<T: Scalar>(
    _ x: UnsafePointer<T>, mean: UnsafePointer<T>, scale: UnsafePointer<T>, _ xhat: UnsafeMutablePointer<T>,
    rows: Int, columns: Int
) {
    for r in 0..<rows {
        let (row, out) = (x + r * columns, xhat + r * columns)
        for c in 0..<columns { out[c] = (row[c] - mean[c]) * scale[c] }
    }
}

/// y = γ x̂ + β, per column.
@_specialize(where T == Float)
@_specialize(where T == Double)
func scaleAndShift<T: Scalar>(
    _ xhat: UnsafePointer<T>, gamma: UnsafePointer<T>, beta: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>,
    rows: Int, columns: Int
) {
    for r in 0..<rows {
        let (row, out) = (xhat + r * columns, y + r * columns)
        for c in 0..<columns { out[c] = gamma[c] * row[c] + beta[c] }
    }
}

/// `sums` (columns) ← Σ over rows of a ⊙ b.
@_specialize(where T == Float)
@_specialize(where T == Double)
func columnDotProducts<T: Scalar>(
    _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, rows: Int, columns: Int,
    into sums: UnsafeMutablePointer<T>
) {
    sums.update(repeating: 0, count: columns)
    for r in 0..<rows {
        let (ra, rb) = (a + r * columns, b + r * columns)
        for c in 0..<columns { sums[c] += ra[c] * rb[c] }
    }
}

/// dx of batch normalisation from dy, x̂ and the column sums of dy and dy ⊙ x̂ (see the layer).
@_specialize(where T == Float)
@_specialize(where T == Double)
func batchNormInputGradient<T: Scalar>(
    _ dy: UnsafePointer<T>, xhat: UnsafePointer<T>, gamma: UnsafePointer<T>,
    scale: UnsafePointer<T>, sumDy: UnsafePointer<T>, sumDyXhat: UnsafePointer<T>,
    _ dx: UnsafeMutablePointer<T>, rows: Int, columns: Int, training: Bool
) {
    let n = T(rows)
    for r in 0..<rows {
        let (g, h, out) = (dy + r * columns, xhat + r * columns, dx + r * columns)
        for c in 0..<columns where training {
            out[c] = gamma[c] * scale[c] / n * (n * g[c] - sumDy[c] - h[c] * sumDyXhat[c])
        }
        for c in 0..<columns where !training { out[c] = g[c] * gamma[c] * scale[c] }
    }
}

import Foundation

/// Softmax over the logits, then the mean cross-entropy against the labels' distribution.
///
/// loss = −(1/N) Σₙ Σₖ qₙₖ log softmax(zₙ)ₖ;   dL/dzₙ = (softmax(zₙ) − qₙ) / N,
/// where qₙ is onehot(yₙ), or with label smoothing ε (Szegedy et al. 2016; PyTorch's
/// `CrossEntropyLoss(label_smoothing=ε)`) (1 − ε)·onehot(yₙ) + ε/K. Fusing softmax and the
/// loss keeps the gradient exact where log(softmax) would underflow.
public final class SoftmaxCrossEntropy<T: Scalar> {
    /// ε in [0, 1): the share of each target spread evenly over the K classes.
    public let labelSmoothing: Double
    private var probabilities = Workspace<T>()  // (N, K)
    private var gradient = Workspace<T>()  // (N, K)

    public init(labelSmoothing: Double = 0) {
        precondition(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing \(labelSmoothing) outside [0, 1)")
        self.labelSmoothing = labelSmoothing
    }

    /// The mean loss, the number of correct arg-max predictions, the softmax probabilities and dL/dz.
    public func callAsFunction(
        logits: Tensor<T>, labels: [Int]
    ) -> (loss: Double, correct: Int, probabilities: Tensor<T>, gradient: Tensor<T>) {
        let n = logits.batchSize
        let k = logits.count / max(n, 1)
        precondition(labels.count == n, "\(labels.count) labels for a batch of \(n)")
        let p = probabilities.view(logits.shape)
        softmax(logits.pointer, p.pointer, rows: n, columns: k)
        let g = gradient.view(logits.shape)
        let (loss, correct) = labels.withUnsafeBufferPointer { y in
            crossEntropyGradient(
                p.pointer, labels: y.baseAddress!, g.pointer, rows: n, columns: k, smoothing: T(labelSmoothing))
        }
        return (loss, correct, p, g)
    }

    /// Row-wise softmax of the logits, for prediction.
    public func probabilities(logits: Tensor<T>) -> Tensor<T> {
        let n = logits.batchSize
        let k = logits.count / max(n, 1)
        let p = probabilities.view(logits.shape)
        softmax(logits.pointer, p.pointer, rows: n, columns: k)
        return p
    }
}

/// Each row of p (rows, columns) ← softmax of that row of z, shifted by its maximum so exp cannot overflow.
@_specialize(where T == Float)
@_specialize(where T == Double)
func softmax<T: Scalar>(_ z: UnsafePointer<T>, _ p: UnsafeMutablePointer<T>, rows: Int, columns: Int) {
    for r in 0..<rows {
        let zr = z + r * columns
        let pr = p + r * columns
        var top = zr[0]
        for c in 1..<max(columns, 1) where zr[c] > top { top = zr[c] }
        var sum: T = 0
        for c in 0..<columns {
            pr[c] = exponential(zr[c] - top)
            sum += pr[c]
        }
        for c in 0..<columns { pr[c] /= sum }
    }
}

/// g = (p − q) / rows against the targets q = (1 − ε)·onehot(labels) + ε/K; returns the mean
/// −Σ q log p and the number of rows whose arg-max is the label. With ε = 0 this is the plain
/// negative log-likelihood, the same bits as without smoothing.
@_specialize(where T == Float)
@_specialize(where T == Double)
func crossEntropyGradient<T: Scalar>(
    _ p: UnsafePointer<T>, labels: UnsafePointer<Int>, _ g: UnsafeMutablePointer<T>,
    rows: Int, columns: Int, smoothing: T = 0
) -> (loss: Double, correct: Int) {
    var loss = 0.0
    var correct = 0
    let scale = 1 / T(rows)
    let spread = smoothing / T(columns)  // every class's share of the target
    // The smallest positive normal keeps log finite when a probability underflows to 0.
    let log = { (p: T) in Double(logarithm(max(p, T.leastNormalMagnitude))) }
    for r in 0..<rows {
        let pr = p + r * columns
        let gr = g + r * columns
        let y = labels[r]
        precondition(y >= 0 && y < columns, "label \(y) outside 0..<\(columns)")
        var best = 0
        for c in 0..<columns {
            gr[c] = (pr[c] - spread) * scale
            if pr[c] > pr[best] { best = c }
        }
        gr[y] -= (1 - smoothing) * scale
        loss -= Double(1 - smoothing) * log(pr[y])
        if smoothing > 0 { loss -= Double(spread) * (0..<columns).reduce(0) { $0 + log(pr[$1]) } }
        if best == y { correct += 1 }
    }
    return (loss / Double(rows), correct)
}

import Foundation

/// Softmax over the logits, then the mean negative log-likelihood of the labels.
///
/// loss = −(1/N) Σₙ log T.softmax(zₙ)[yₙ];   dL/dzₙ = (T.softmax(zₙ) − onehot(yₙ)) / N.
/// Fusing the two keeps the gradient exact where log(softmax) would underflow.
public final class SoftmaxCrossEntropy<T: Scalar> {
    private var probabilities = Workspace<T>()  // (N, K)
    private var gradient = Workspace<T>()       // (N, K)

    public init() {}

    /// The mean loss, the number of correct arg-max predictions, the softmax probabilities and dL/dz.
    public func callAsFunction(logits: Tensor<T>, labels: [Int]) -> (loss: Double, correct: Int, probabilities: Tensor<T>, gradient: Tensor<T>) {
        let n = logits.batchSize, k = logits.count / max(n, 1)
        precondition(labels.count == n, "\(labels.count) labels for a batch of \(n)")
        let p = probabilities.view(logits.shape)
        T.softmax(logits.pointer, p.pointer, rows: n, columns: k)
        let g = gradient.view(logits.shape)
        let (loss, correct) = labels.withUnsafeBufferPointer { y in
            T.crossEntropyGradient(p.pointer, labels: y.baseAddress!, g.pointer, rows: n, columns: k)
        }
        return (loss, correct, p, g)
    }

    /// Row-wise softmax of the logits, for prediction.
    public func probabilities(logits: Tensor<T>) -> Tensor<T> {
        let n = logits.batchSize, k = logits.count / max(n, 1)
        let p = probabilities.view(logits.shape)
        T.softmax(logits.pointer, p.pointer, rows: n, columns: k)
        return p
    }
}

/// The loops of the softmax cross-entropy, as requirements with default implementations in this file, so that
/// Float and Double each get a compiled copy (see `Scalar`). Internal to the engine.
public protocol SoftmaxKernels: BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func softmax(_ z: UnsafePointer<Self>, _ p: UnsafeMutablePointer<Self>, rows: Int, columns: Int)
    static func crossEntropyGradient(_ p: UnsafePointer<Self>, labels: UnsafePointer<Int>, _ g: UnsafeMutablePointer<Self>,
                                     rows: Int, columns: Int) -> (loss: Double, correct: Int)
}

extension SoftmaxKernels {
    public static func softmax(_ z: UnsafePointer<Self>, _ p: UnsafeMutablePointer<Self>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let zr = z + r * columns, pr = p + r * columns
            var top = zr[0]
            for c in 1..<max(columns, 1) where zr[c] > top { top = zr[c] }
            var sum: Self = 0
            for c in 0..<columns { pr[c] = Self.exp(zr[c] - top); sum += pr[c] }
            for c in 0..<columns { pr[c] /= sum }
        }
    }

    public static func crossEntropyGradient(_ p: UnsafePointer<Self>, labels: UnsafePointer<Int>, _ g: UnsafeMutablePointer<Self>,
                                     rows: Int, columns: Int) -> (loss: Double, correct: Int) {
        var loss = 0.0, correct = 0
        let scale = 1 / Self(rows)
        for r in 0..<rows {
            let pr = p + r * columns, gr = g + r * columns, y = labels[r]
            precondition(y >= 0 && y < columns, "label \(y) outside 0..<\(columns)")
            var best = 0
            for c in 0..<columns {
                gr[c] = pr[c] * scale
                if pr[c] > pr[best] { best = c }
            }
            gr[y] -= scale
            // The smallest positive normal keeps log finite when a probability underflows to 0.
            loss -= Double(Self.log(max(pr[y], Self.leastNormalMagnitude)))
            if best == y { correct += 1 }
        }
        return (loss / Double(rows), correct)
    }
}

extension Float: SoftmaxKernels {
    public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    public static func log(_ x: Float) -> Float { Foundation.logf(x) }
}
extension Double: SoftmaxKernels {
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
}

/// A fully connected layer: y = x·W + b.
///
/// Forward:  y (N, out) = x (N, in) · W (in, out) + b (out)       — W laid out as Keras' kernel.
/// Backward: dW = xᵀ · dy,  db = Σₙ dy,  dx = dy · Wᵀ.
public final class Dense<T: Scalar>: Layer, RectifyingLayer {
    public let kind = "dense"
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let weight: Parameter<T>   // (in, out)
    public let bias: Parameter<T>     // (out)
    public var parameters: [Parameter<T>] { [weight, bias] }
    public var computesInputGradient = true
    /// y = max(x·W + b, 0) when a ReLU follows (set by `Sequential`).
    public internal(set) var appliesReLU = false

    private var input: Tensor<T>?             // (N, in), kept for backward
    private var output = Workspace<T>()       // (N, out)
    private var inputGradient = Workspace<T>() // (N, in)

    public init(inputFeatures: Int, outputFeatures: Int, generator: inout SeededGenerator) {
        inputShape = [inputFeatures]
        outputShape = [outputFeatures]
        weight = Parameter(name: "kernel", shape: [inputFeatures, outputFeatures])
        bias = Parameter(name: "bias", shape: [outputFeatures])
        weight.fillGlorotUniform(fanIn: inputFeatures, fanOut: outputFeatures, generator: &generator)
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        let n = x.batchSize, fin = inputShape[0], fout = outputShape[0]
        precondition(x.count == n * fin, "dense expects \(fin) features, got shape \(x.shape)")
        input = x
        let y = output.view([n, fout])
        T.broadcastRows(bias.value.pointer, into: y.pointer, rows: n, columns: fout)
        T.gemm(transposeA: false, transposeB: false, m: n, n: fout, k: fin,
               alpha: 1, a: x.pointer, lda: fin, b: weight.value.pointer, ldb: fout,
               beta: 1, c: y.pointer, ldc: fout)
        if appliesReLU { ReLU.rectify(y, into: y) }
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let x = input else { preconditionFailure("dense backward before forward") }
        let n = x.batchSize, fin = inputShape[0], fout = outputShape[0]
        T.gemm(transposeA: true, transposeB: false, m: fin, n: fout, k: n,
               alpha: 1, a: x.pointer, lda: fin, b: dy.pointer, ldb: fout,
               beta: 0, c: weight.gradient.pointer, ldc: fout)
        T.columnSums(dy.pointer, rows: n, columns: fout, into: bias.gradient.pointer)
        let dx = inputGradient.view(x.shape)
        if computesInputGradient {
            T.gemm(transposeA: false, transposeB: true, m: n, n: fin, k: fout,
                   alpha: 1, a: dy.pointer, lda: fout, b: weight.value.pointer, ldb: fout,
                   beta: 0, c: dx.pointer, ldc: fin)
        }
        return dx
    }
}

/// The bias loops of Dense and Conv2D, as requirements with default implementations in this file, so that
/// Float and Double each get a compiled copy (see `Scalar`). Internal to the engine.
public protocol BiasKernels: BinaryFloatingPoint {
/// Each row of `matrix` (rows × columns) ← `row`.
    static func broadcastRows(_ row: UnsafePointer<Self>, into matrix: UnsafeMutablePointer<Self>, rows: Int, columns: Int)
/// `sums` (columns) ← Σ over rows of `matrix` (rows × columns).
    static func columnSums(_ matrix: UnsafePointer<Self>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Self>)
}

extension BiasKernels {
    public static func broadcastRows(_ row: UnsafePointer<Self>, into matrix: UnsafeMutablePointer<Self>, rows: Int, columns: Int) {
        for r in 0..<rows { (matrix + r * columns).update(from: row, count: columns) }
    }

    public static func columnSums(_ matrix: UnsafePointer<Self>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Self>) {
        sums.update(repeating: 0, count: columns)
        for r in 0..<rows {
            let row = matrix + r * columns
            for c in 0..<columns { sums[c] += row[c] }
        }
    }
}

extension Float: BiasKernels {}
extension Double: BiasKernels {}

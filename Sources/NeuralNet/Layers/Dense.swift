/// A fully connected layer: y = x·W + b, optionally rectified.
///
///   forward   y (N, out) = x (N, in) · W (in, out) + b (out)    — W laid out as Keras' kernel
///   backward  dW = xᵀ · dy,  db = Σₙ dy,  dx = dy · Wᵀ
///
/// With `rectifiesOutput` (a folded ReLU, see `Sequential`) forward returns max(y, 0), and the
/// dy that backward receives has already been masked by the layer after it. Without `addsBias`,
/// b stays 0 and is not a parameter (not trained, not saved, not counted).
public final class Dense<T: Scalar>: Layer {
    public let kind = LayerKind.dense
    public let inputShape: [Int]  // (in)
    public let outputShape: [Int]  // (out)
    public let weight: Parameter<T>  // (in, out)
    public let bias: Parameter<T>  // (out)
    public let addsBias: Bool
    public var parameters: [Parameter<T>] { addsBias ? [weight, bias] : [weight] }
    public let rectifiesOutput: Bool

    private var input: Tensor<T>?  // (N, in), kept for backward
    private var output = Workspace<T>()  // (N, out)
    private var inputGradient = Workspace<T>()  // (N, in)

    public init(
        inputFeatures: Int, outputFeatures: Int, addsBias: Bool = true, rectifiesOutput: Bool = false,
        generator: inout SeededGenerator
    ) {
        inputShape = [inputFeatures]
        outputShape = [outputFeatures]
        weight = Parameter(name: "kernel", shape: [inputFeatures, outputFeatures])
        bias = Parameter(name: "bias", shape: [outputFeatures])
        self.addsBias = addsBias
        self.rectifiesOutput = rectifiesOutput
        weight.fillGlorotUniform(fanIn: inputFeatures, fanOut: outputFeatures, generator: &generator)
    }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        let n = x.batchSize
        let fin = inputShape[0]
        let fout = outputShape[0]
        precondition(x.count == n * fin, "dense expects \(fin) features, got shape \(x.shape)")
        input = x
        let y = output.view([n, fout])
        broadcastRows(bias.value.pointer, into: y.pointer, rows: n, columns: fout)
        gemm(
            transposeA: false, transposeB: false, m: n, n: fout, k: fin,
            alpha: 1, a: x.pointer, lda: fin, b: weight.value.pointer, ldb: fout,
            beta: 1, c: y.pointer, ldc: fout)
        if rectifiesOutput { ReLU.rectify(y, into: y) }
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard let x = input else { preconditionFailure("dense backward before forward") }
        let n = x.batchSize
        let fin = inputShape[0]
        let fout = outputShape[0]
        gemm(
            transposeA: true, transposeB: false, m: fin, n: fout, k: n,
            alpha: 1, a: x.pointer, lda: fin, b: dy.pointer, ldb: fout,
            beta: 0, c: weight.gradient.pointer, ldc: fout)
        columnSums(dy.pointer, rows: n, columns: fout, into: bias.gradient.pointer)
        guard needsInputGradient else { return nil }
        let dx = inputGradient.view(x.shape)
        gemm(
            transposeA: false, transposeB: true, m: n, n: fin, k: fout,
            alpha: 1, a: dy.pointer, lda: fout, b: weight.value.pointer, ldb: fout,
            beta: 0, c: dx.pointer, ldc: fin)
        return dx
    }
}

/// Each row of `matrix` (rows, columns) ← `row` (columns): the bias before a GEMM adds to it.
@_specialize(where T == Float)
@_specialize(where T == Double)
func broadcastRows<T: Scalar>(_ row: UnsafePointer<T>, into matrix: UnsafeMutablePointer<T>, rows: Int, columns: Int) {
    for r in 0..<rows { (matrix + r * columns).update(from: row, count: columns) }
}

/// `sums` (columns) ← Σ over rows of `matrix` (rows, columns): the bias gradient.
@_specialize(where T == Float)
@_specialize(where T == Double)
func columnSums<T: Scalar>(_ matrix: UnsafePointer<T>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<T>) {
    sums.update(repeating: 0, count: columns)
    for r in 0..<rows {
        let row = matrix + r * columns
        for c in 0..<columns { sums[c] += row[c] }
    }
}

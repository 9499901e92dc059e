import Foundation

/// The element type of a network: `Float` for training and inference, `Double` so that
/// gradient checks against finite differences are precise enough to mean something.
///
/// Layers are generic over `Scalar`, but their loops are not generic functions: each layer file
/// declares its loops as requirements of a small protocol (`ReLUKernels`, …) with default
/// implementations and the Float/Double conformances in the same file. The conformance's
/// witness is then compiled for the concrete type (even by the per-file `-O` of a debug
/// build), so generic layer code calling `T.reluForward` runs a Float loop. A plain generic
/// function called from generic code would run through protocol witnesses, ~200× slower.
public protocol Scalar: BinaryFloatingPoint, Codable, Sendable,
    BiasKernels, ConvolutionKernels, PoolingKernels, ReLUKernels, SoftmaxKernels, AdamKernels
where RawSignificand: FixedWidthInteger {
    /// C (m×n) = alpha · op(A) · op(B) + beta · C, all row-major; op(X) is X or Xᵀ.
    /// op(A) is m×k, op(B) is k×n.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Double: Scalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        referenceGEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
}

extension Float: Scalar {}

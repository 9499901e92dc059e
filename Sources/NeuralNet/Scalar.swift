import Foundation

/// The element type of a network: `Float` for training and inference, `Double` so that
/// gradient checks against finite differences are precise enough to mean something.
///
/// Layers are generic over `Scalar`; their hot loops are generic functions marked
/// `@_specialize(where T == Float)`, which makes the generic entry point jump to a compiled
/// Float body at run time. Without it, a call from another module would run the loops
/// through protocol witnesses, about 200× slower.
public protocol Scalar: BinaryFloatingPoint, Codable, Sendable
where RawSignificand: FixedWidthInteger {
    /// C (m×n) = alpha · op(A) · op(B) + beta · C, all row-major; op(X) is X or Xᵀ.
    /// op(A) is m×k, op(B) is k×n.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
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
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
}

extension Float: Scalar {
    public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    public static func log(_ x: Float) -> Float { Foundation.logf(x) }
}

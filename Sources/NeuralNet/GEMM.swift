/// C (m×n) = alpha · op(A) · op(B) + beta · C, all row-major; op(X) is X or Xᵀ, op(A) is m×k
/// and op(B) is k×n. Float goes to the math library (`libraryGEMM`, in the fast path), Double
/// to the textbook triple loop below.
@_specialize(where T == Float)
@_specialize(where T == Double)
func gemm<T: Scalar>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int,
    b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int
) {
    if T.self == Float.self {
        return libraryGEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            alpha: Float(alpha), a: floats(readOnly: a), lda: lda, b: floats(readOnly: b), ldb: ldb,
            beta: Float(beta), c: floats(c), ldc: ldc)
    }
    referenceGEMM(
        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
        alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
}

/// The textbook triple loop: the Double path of the gradient checks, and an independent
/// reference for testing the library GEMM.
@_specialize(where T == Float)
@_specialize(where T == Double)
func referenceGEMM<T: Scalar>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int,
    b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: T = 0
            for p in 0..<k {
                let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
                let bpj = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                sum += aip * bpj
            }
            c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j])
        }
    }
}

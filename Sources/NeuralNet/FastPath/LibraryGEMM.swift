#if canImport(Accelerate)
import Accelerate
#elseif canImport(CDNNL)
import CDNNL
#endif

/// Float GEMM in a tuned library: oneDNN's `dnnl_sgemm` on Linux (Debian's OpenBLAS misdetects
/// these Xeons and runs ~5× slower), Accelerate's `cblas_sgemm` on macOS; the reference loops
/// where neither is linked. Same contract as `gemm`.
func libraryGEMM(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    guard m > 0, n > 0 else { return }
    LibraryProfile.shared.measure(flops: 2 * Double(m) * Double(n) * Double(k)) {
        #if canImport(Accelerate)
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        #elseif canImport(CDNNL)
        let status = dnnl_sgemm(
            CChar(UInt8(ascii: transposeA ? "T" : "N")), CChar(UInt8(ascii: transposeB ? "T" : "N")),
            dnnl_dim_t(m), dnnl_dim_t(n), dnnl_dim_t(k), alpha, a, dnnl_dim_t(lda),
            b, dnnl_dim_t(ldb), beta, c, dnnl_dim_t(ldc))
        precondition(
            status == dnnl_success, "dnnl_sgemm failed with status \(status.rawValue) for m=\(m) n=\(n) k=\(k)")
        #else
        referenceGEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        #endif
    }
}

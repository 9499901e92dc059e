import Testing

@testable import NeuralNet

@Suite struct GEMMTests {
    /// The library's Float GEMM against the textbook triple loop, for every transpose combination,
    /// odd sizes, padded leading dimensions, and a non-zero beta.
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func libraryMatchesReference(transposeA: Bool, transposeB: Bool) {
        let (m, n, k) = (37, 29, 53)
        let lda = (transposeA ? m : k) + 3
        let ldb = (transposeB ? k : n) + 2
        let ldc = n + 5
        var g = SeededGenerator(seed: 21)
        let a = (0..<((transposeA ? k : m) * lda)).map { _ in Float(g.nextUnit() - 0.5) }
        let b = (0..<((transposeB ? n : k) * ldb)).map { _ in Float(g.nextUnit() - 0.5) }
        let c0 = (0..<(m * ldc)).map { _ in Float(g.nextUnit() - 0.5) }
        var library = c0
        var reference = c0
        libraryGEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1.5, a: a, lda: lda,
            b: b, ldb: ldb, beta: 0.5, c: &library, ldc: ldc)
        referenceGEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: Float(1.5), a: a, lda: lda,
            b: b, ldb: ldb, beta: 0.5, c: &reference, ldc: ldc)
        let worst = zip(library, reference).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-4)
        #expect(library != c0)
    }
}

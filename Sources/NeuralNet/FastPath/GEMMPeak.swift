import Foundation

extension GEMMBackend {
    /// The library's speed on a large square Float GEMM (C = A·B, `size`³, the best of `repeats`
    /// after one warm-up): the most this machine's math library does, so a model's training speed
    /// can be stated as a share of it.
    public static func measuredGFLOPS(size: Int = 2048, repeats: Int = 3) -> Double {
        let a = [Float](repeating: 0.5, count: size * size)
        let b = [Float](repeating: 0.25, count: size * size)
        var c = [Float](repeating: 0, count: size * size)
        var best = Double.infinity
        Denormals.flushingToZero {
            for round in 0...repeats {
                let start = Date()
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            libraryGEMM(
                                transposeA: false, transposeB: false, m: size, n: size, k: size, alpha: 1,
                                a: a.baseAddress!, lda: size, b: b.baseAddress!, ldb: size, beta: 0,
                                c: c.baseAddress!, ldc: size)
                        }
                    }
                }
                if round > 0 { best = min(best, Date().timeIntervalSince(start)) }
            }
        }
        return 2 * pow(Double(size), 3) / best / 1e9
    }
}

import NeuralNet
import Testing

/// The whitening layer's initialisation against numpy's `linalg.eigh` on the same patches
/// (values computed once and written here), and the eigensolver's defining property.
@Suite struct WhiteningTests {
    /// 4 images 6×6×3, pixel ((37n + 11y² + 5x + 3c² + 7xy) mod 23 − 11) / 8: exact in Float.
    static let images: [Float] = {
        var pixels: [Float] = []
        for n in 0..<4 {
            for y in 0..<6 {
                for x in 0..<6 {
                    for c in 0..<3 {
                        let code: Int = 37 * n + 11 * y * y + 5 * x + 3 * c * c + 7 * x * y
                        pixels.append(Float(code % 23 - 11) / 8)
                    }
                }
            }
        }
        return pixels
    }()

    static let numpyValues = [
        1.68059501877624, 1.4962575184542, 1.08384716846086, 1.07573524823247, 0.538554405194582,
        0.412340344514309, 0.369166105556356, 0.341101348291043, 0.321777768541862, 0.307540836867053,
        0.267936075571669, 0.231398161539352,
    ]
    static let numpyFirstVector = [
        0.37363717869425, 0.300547471450577, -0.270877266506549, 0.0139644662235427, -0.0707010615980183,
        -0.0612190300242604, -0.302825246396009, -0.335964111908172, 0.435620582736936, 0.348226073991011,
        0.261675712280757, -0.32198553239695,
    ]
    static let numpyLastVector = [
        -0.447996829080576, 0.162475993306397, -0.221673207204835, 0.047055464453425, 0.341990300939262,
        0.466963881020278, -0.0953820186912665, 0.368776297795717, 0.349021387707934, 0.297554085059751,
        0.0237895688888954, 0.174701286728585,
    ]

    func whitening() -> Whitening {
        Self.images.withUnsafeBufferPointer {
            Whitening(patchesOf: $0, count: 4, height: 6, width: 6, channels: 3, size: 2)
        }
    }

    @Test func eigenvaluesAndVectorsMatchNumpy() {
        let eigen = whitening().eigen
        #expect(zip(eigen.values, Self.numpyValues).allSatisfy { abs($0 - $1) < 1e-12 }, "\(eigen.values)")
        #expect(zip(eigen.vectors[0], Self.numpyFirstVector).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(eigen.vectors[11], Self.numpyLastVector).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// 24 filters: eigenvector i / √(λᵢ + ε), then the same negated, in (F, k, k, C) order.
    @Test func theKernelIsTheScaledEigenvectorsAndTheirNegatives() {
        let w = whitening()
        let kernel = w.kernel
        #expect(w.filters == 24 && kernel.count == 24 * 12)
        let first = Self.numpyFirstVector.map { Float($0 / (Self.numpyValues[0] + 5e-4).squareRoot()) }
        #expect(zip(kernel.prefix(12), first).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(zip(kernel[144..<156], first).allSatisfy { $0 == -$1 })
    }

    /// AV = VΛ on a matrix with a known spectrum, and the vectors orthonormal.
    @Test func jacobiRotationsDiagonaliseASymmetricMatrix() {
        let a: [Double] = [4, 1, -2, 2, 1, 2, 0, 1, -2, 0, 3, -2, 2, 1, -2, -1]
        let eigen = SymmetricEigen(symmetric: a, size: 4)
        for (value, vector) in zip(eigen.values, eigen.vectors) {
            for row in 0..<4 {
                let av = (0..<4).reduce(0.0) { $0 + a[row * 4 + $1] * vector[$1] }
                #expect(abs(av - value * vector[row]) < 1e-12)
            }
        }
        for i in 0..<4 {
            for j in 0..<4 {
                let dot = zip(eigen.vectors[i], eigen.vectors[j]).reduce(0.0) { $0 + $1.0 * $1.1 }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-12)
            }
        }
        #expect(eigen.values == eigen.values.sorted(by: >))
        #expect(abs(eigen.values.reduce(0, +) - 8) < 1e-12)  // the trace
    }
}

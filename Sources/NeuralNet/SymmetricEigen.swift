import Foundation

/// The eigenvalues and eigenvectors of a small symmetric matrix, by cyclic Jacobi rotations
/// (Golub & Van Loan §8.5): exact to rounding for the 12×12 covariance of airbench's whitening
/// layer, and no library needed.
public struct SymmetricEigen: Sendable, Equatable {
    /// Largest first.
    public var values: [Double]
    /// `vectors[i]` belongs to `values[i]`: unit length, its largest-magnitude component positive
    /// (a sign fixed by convention, so the result does not depend on the rotations' order).
    public var vectors: [[Double]]

    /// `matrix`: n×n, row-major, symmetric (only its upper triangle is read).
    public init(symmetric matrix: [Double], size n: Int) {
        precondition(matrix.count == n * n, "\(matrix.count) values for a \(n)×\(n) matrix")
        var a = matrix
        for i in 0..<n { for j in 0..<i { a[i * n + j] = a[j * n + i] } }
        var v = (0..<n * n).map { $0 / n == $0 % n ? 1.0 : 0 }
        for _ in 0..<100 {
            let off = Self.offDiagonalSquares(a, n)
            guard off > 1e-30 * max(Self.diagonalSquares(a, n), .leastNormalMagnitude) else { break }
            for p in 0..<max(n - 1, 0) {
                for q in p + 1..<n where a[p * n + q] != 0 {
                    Self.rotate(&a, &v, n, p, q)
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        values = order.map { a[$0 * n + $0] }
        vectors = order.map { column in
            let vector = (0..<n).map { v[$0 * n + column] }
            let largest = vector.max { abs($0) < abs($1) } ?? 1
            return largest < 0 ? vector.map { -$0 } : vector
        }
    }

    /// A ← JᵀAJ and V ← VJ for the rotation J in the (p, q) plane that zeroes a[p][q].
    private static func rotate(_ a: inout [Double], _ v: inout [Double], _ n: Int, _ p: Int, _ q: Int) {
        let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        for k in 0..<n {
            let (kp, kq) = (a[k * n + p], a[k * n + q])
            a[k * n + p] = c * kp - s * kq
            a[k * n + q] = s * kp + c * kq
        }
        for k in 0..<n {
            let (pk, qk) = (a[p * n + k], a[q * n + k])
            a[p * n + k] = c * pk - s * qk
            a[q * n + k] = s * pk + c * qk
        }
        for k in 0..<n {
            let (kp, kq) = (v[k * n + p], v[k * n + q])
            v[k * n + p] = c * kp - s * kq
            v[k * n + q] = s * kp + c * kq
        }
    }

    private static func offDiagonalSquares(_ a: [Double], _ n: Int) -> Double {
        var sum = 0.0
        for i in 0..<n { for j in 0..<n where i != j { sum += a[i * n + j] * a[i * n + j] } }
        return sum
    }

    private static func diagonalSquares(_ a: [Double], _ n: Int) -> Double {
        (0..<n).reduce(0) { $0 + a[$1 * n + $1] * a[$1 * n + $1] }
    }
}

/// airbench's first layer, set from the data: a k×k valid convolution whose 2·k²·C filters are
/// the eigenvectors of the (uncentred) covariance of the training images' k×k patches, each
/// divided by √(λ + ε), followed by their negatives (so a GELU after it keeps both signs). Its
/// outputs are the patches in the covariance's eigenbasis, each direction scaled to about unit
/// variance: the network starts from decorrelated inputs.
public struct Whitening: Sendable, Equatable {
    public let size: Int
    public let channels: Int
    /// The patch covariance's eigenvalues and eigenvectors (components in (ky, kx, c) order).
    public let eigen: SymmetricEigen
    public let epsilon: Double

    /// From every k×k patch of `count` images (H, W, C), channels last, as `pixels` holds them.
    public init(
        patchesOf pixels: UnsafeBufferPointer<Float>, count: Int, height: Int, width: Int, channels: Int, size k: Int,
        epsilon: Double = 5e-4
    ) {
        precondition(pixels.count >= count * height * width * channels && height >= k && width >= k)
        let d = k * k * channels
        var sums = [Double](repeating: 0, count: d * d)
        var patch = [Double](repeating: 0, count: d)
        var patches = 0
        for n in 0..<count {
            let image = n * height * width * channels
            for y in 0...(height - k) {
                for x in 0...(width - k) {
                    for ky in 0..<k {
                        for kx in 0..<k {
                            let at = image + ((y + ky) * width + x + kx) * channels
                            for c in 0..<channels { patch[(ky * k + kx) * channels + c] = Double(pixels[at + c]) }
                        }
                    }
                    for i in 0..<d { for j in i..<d { sums[i * d + j] += patch[i] * patch[j] } }
                    patches += 1
                }
            }
        }
        let covariance = sums.map { $0 / Double(max(patches, 1)) }
        (self.size, self.channels, self.epsilon) = (k, channels, epsilon)
        eigen = SymmetricEigen(symmetric: covariance, size: d)
    }

    /// The conv kernel, ConvLab's (F, k, k, C) order with F = 2·k²·C: eigenvector i / √(λᵢ + ε)
    /// as filter i, largest λ first, then the same filters negated.
    public var kernel: [Float] {
        let scaled = zip(eigen.values, eigen.vectors).map { value, vector in
            vector.map { Float($0 / (value + epsilon).squareRoot()) }
        }
        return scaled.flatMap { $0 } + scaled.flatMap { $0.map { -$0 } }
    }

    public var filters: Int { 2 * size * size * channels }
}

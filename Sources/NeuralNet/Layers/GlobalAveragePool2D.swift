/// (H, W, C) → (C): the mean of each channel over all positions.
///
///   forward   y_c = Σ_{h,w} x_{h,w,c} / (H·W)
///   backward  dx_{h,w,c} = dy_c / (H·W)
public final class GlobalAveragePool2D<T: Scalar>: Layer {
    public let kind = LayerKind.globalAveragePooling2d
    public let inputShape: [Int]  // (H, W, C)
    public let outputShape: [Int]  // (C)
    public var parameters: [Parameter<T>] { [] }

    private var output = Workspace<T>()  // (N, C)
    private var inputGradient = Workspace<T>()  // (N, H, W, C)

    public init(inputShape: [Int]) {
        precondition(inputShape.count == 3, "global average pooling takes (H, W, C) inputs, got \(inputShape)")
        self.inputShape = inputShape
        outputShape = [inputShape[2]]
    }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        let n = x.batchSize
        let positions = inputShape[0] * inputShape[1]
        let c = inputShape[2]
        let y = output.view([n, c])
        for i in 0..<n {
            columnSums(x.pointer + i * positions * c, rows: positions, columns: c, into: y.pointer + i * c)
        }
        scale(y.pointer, by: 1 / T(positions), count: n * c)
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard needsInputGradient else { return nil }
        let n = dy.batchSize
        let positions = inputShape[0] * inputShape[1]
        let c = inputShape[2]
        let dx = inputGradient.view(batchShape(n, inputShape))
        for i in 0..<n {
            for p in 0..<positions { (dx.pointer + (i * positions + p) * c).update(from: dy.pointer + i * c, count: c) }
        }
        scale(dx.pointer, by: 1 / T(positions), count: dx.count)
        return dx
    }
}

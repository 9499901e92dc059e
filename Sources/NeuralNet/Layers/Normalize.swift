/// y = (x − mean_c) / std_c per channel c of the last axis, constants fixed with the architecture
/// (airbench normalises its images by CIFAR-10's channel statistics; as a layer, `predict`, `serve`
/// and the ONNX file normalise as training did). No parameters.
///
///   forward   y = (x − m) / s      (torchvision's `Normalize`: a subtraction, then a division)
///   backward  dx = dy / s
public final class Normalize<T: Scalar>: Layer {
    public let kind = LayerKind.normalization
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public var parameters: [Parameter<T>] { [] }
    public let mean: [T]
    public let deviation: [T]

    private var output = Workspace<T>()  // (N, …) as the input
    private var inputGradient = Workspace<T>()  // (N, …) as the input

    public init(shape: [Int], mean: [Double], std: [Double]) {
        precondition(mean.count == shape.last && std.count == shape.last, "one mean and one std per channel")
        inputShape = shape
        self.mean = mean.map { T($0) }
        deviation = std.map { T($0) }
    }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        let y = output.view(x.shape)
        normalizeChannels(x.pointer, y.pointer, count: x.count, mean: mean, deviation: deviation)
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard needsInputGradient else { return nil }
        let dx = inputGradient.view(dy.shape)
        divideChannels(dy.pointer, dx.pointer, count: dy.count, deviation: deviation)
        return dx
    }
}

/// y = (x − mean[c]) / deviation[c] over rows of the channels.
@_specialize(where T == Float)
@_specialize(where T == Double)
func normalizeChannels<T: Scalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int, mean: [T], deviation: [T]
) {
    let c = mean.count
    for row in stride(from: 0, to: count, by: c) {
        for k in 0..<c { y[row + k] = (x[row + k] - mean[k]) / deviation[k] }
    }
}

/// dx = dy / deviation[c] over rows of the channels.
@_specialize(where T == Float)
@_specialize(where T == Double)
func divideChannels<T: Scalar>(_ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, count: Int, deviation: [T]) {
    let c = deviation.count
    for row in stride(from: 0, to: count, by: c) {
        for k in 0..<c { dx[row + k] = dy[row + k] / deviation[k] }
    }
}

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
        let c = mean.count
        mean.withUnsafeBufferPointer { m in
            deviation.withUnsafeBufferPointer { s in
                for row in stride(from: 0, to: x.count, by: c) {
                    for k in 0..<c { y.pointer[row + k] = (x.pointer[row + k] - m[k]) / s[k] }
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard needsInputGradient else { return nil }
        let dx = inputGradient.view(dy.shape)
        let c = mean.count
        deviation.withUnsafeBufferPointer { s in
            for row in stride(from: 0, to: dy.count, by: c) {
                for k in 0..<c { dx.pointer[row + k] = dy.pointer[row + k] / s[k] }
            }
        }
        return dx
    }
}

/// (N, C, H, W) → (N, C·H·W): a new view of the same elements, no copy.
public final class Flatten<T: Scalar>: Layer {
    public let kind = "flatten"
    public let inputShape: [Int]
    public let outputShape: [Int]
    public var parameters: [Parameter<T>] { [] }
    public var computesInputGradient = true

    public init(inputShape: [Int]) {
        self.inputShape = inputShape
        outputShape = [inputShape.reduce(1, *)]
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> { x.reshaped(batchShape(x.batchSize, outputShape)) }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> { dy.reshaped(batchShape(dy.batchSize, inputShape)) }
}

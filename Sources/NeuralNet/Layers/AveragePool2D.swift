/// Average pooling over size×size windows with stride = size, no padding, on (H, W, C) images;
/// odd trailing rows or columns are dropped, as Keras does.
///
///   forward   y = the mean of each window
///   backward  dx = dy / size² at every input of the window, 0 where no window reaches
public final class AveragePool2D<T: Scalar>: Layer {
    public let kind = LayerKind.averagePooling2d
    public let inputShape: [Int]  // (H, W, C)
    public let outputShape: [Int]  // (H/size, W/size, C)
    public let size: Int
    public var parameters: [Parameter<T>] { [] }

    private var output = Workspace<T>()  // (N, Ho, Wo, C)
    private var inputGradient = Workspace<T>()  // (N, H, W, C)
    private var batch = 0

    public init(inputShape: [Int], size: Int = 2) {
        precondition(
            inputShape.count == 3 && size > 0 && inputShape[0] >= size && inputShape[1] >= size,
            "average pooling \(size)×\(size) does not fit \(inputShape)")
        self.inputShape = inputShape
        self.size = size
        outputShape = [inputShape[0] / size, inputShape[1] / size, inputShape[2]]
    }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        batch = x.batchSize
        let y = output.view(batchShape(batch, outputShape))
        averagePool(
            x.pointer, y.pointer, batch: batch, height: inputShape[0], width: inputShape[1], channels: inputShape[2],
            size: size)
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard needsInputGradient else { return nil }
        let dx = inputGradient.view(batchShape(batch, inputShape))
        averagePoolBackward(
            dy.pointer, dx.pointer, batch: batch, height: inputShape[0], width: inputShape[1],
            channels: inputShape[2], size: size)
        return dx
    }
}

/// (N, H, W, C) → (N, H/size, W/size, C): the mean of each window.
@_specialize(where T == Float)
@_specialize(where T == Double)
func averagePool<T: Scalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, batch: Int, height: Int, width: Int, channels c: Int,
    size: Int
) {
    let oh = height / size
    let ow = width / size
    let share = 1 / T(size * size)
    y.update(repeating: 0, count: batch * oh * ow * c)
    for n in 0..<batch {
        for oy in 0..<oh {
            for ox in 0..<ow {
                let out = y + ((n * oh + oy) * ow + ox) * c
                for wy in 0..<size {
                    for wx in 0..<size {
                        let input = x + ((n * height + oy * size + wy) * width + ox * size + wx) * c
                        for ch in 0..<c { out[ch] += input[ch] * share }
                    }
                }
            }
        }
    }
}

/// dx = dy / size² at every input of each window, 0 in the dropped rows and columns.
@_specialize(where T == Float)
@_specialize(where T == Double)
func averagePoolBackward<T: Scalar>(
    _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, batch: Int, height: Int, width: Int,
    channels c: Int, size: Int
) {
    let oh = height / size
    let ow = width / size
    let share = 1 / T(size * size)
    dx.update(repeating: 0, count: batch * height * width * c)
    for n in 0..<batch {
        for oy in 0..<oh {
            for ox in 0..<ow {
                let g = dy + ((n * oh + oy) * ow + ox) * c
                for wy in 0..<size {
                    for wx in 0..<size {
                        let input = dx + ((n * height + oy * size + wy) * width + ox * size + wx) * c
                        for ch in 0..<c { input[ch] = g[ch] * share }
                    }
                }
            }
        }
    }
}

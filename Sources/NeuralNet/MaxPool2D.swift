/// Max pooling over size×size windows with stride = size (Keras' default), no padding; odd
/// trailing rows or columns are dropped, as Keras does.
///
/// Forward keeps the position of each window's maximum; backward routes dy there:
/// dx[argmax] = dy, 0 elsewhere.
public final class MaxPool2D<T: Scalar>: Layer {
    public let kind = "max_pooling2d"
    public let inputShape: [Int]    // (C, H, W)
    public let outputShape: [Int]   // (C, H/size, W/size)
    public let size: Int
    public var parameters: [Parameter<T>] { [] }
    public var computesInputGradient = true

    private var output = Workspace<T>()
    private var inputGradient = Workspace<T>()
    private var argmax: [Int32] = []   // (N, C, Ho, Wo): offset of the max within its input plane
    private var batch = 0

    public init(inputShape: [Int], size: Int = 2) {
        precondition(inputShape.count == 3 && size > 0 && inputShape[1] >= size && inputShape[2] >= size,
                     "max pooling \(size)×\(size) does not fit \(inputShape)")
        self.inputShape = inputShape
        self.size = size
        outputShape = [inputShape[0], inputShape[1] / size, inputShape[2] / size]
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        batch = x.batchSize
        let y = output.view(batchShape(batch, outputShape))
        if argmax.count < y.count { argmax = Array(repeating: 0, count: y.count) }
        argmax.withUnsafeMutableBufferPointer { arg in
            maxPoolForward(x.pointer, y.pointer, arg.baseAddress!, planes: batch * inputShape[0],
                           height: inputShape[1], width: inputShape[2], size: size)
        }
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        let dx = inputGradient.view(batchShape(batch, inputShape))
        argmax.withUnsafeBufferPointer { arg in
            maxPoolBackward(dy.pointer, dx.pointer, arg.baseAddress!, planes: batch * inputShape[0],
                            inputPlane: inputShape[1] * inputShape[2], outputPlane: outputShape[1] * outputShape[2])
        }
        return dx
    }
}

@_specialize(where T == Float)
func maxPoolForward<T: Scalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ argmax: UnsafeMutablePointer<Int32>,
                               planes: Int, height: Int, width: Int, size: Int) {
    let oh = height / size, ow = width / size
    for plane in 0..<planes {
        let src = x + plane * height * width, dst = y + plane * oh * ow, arg = argmax + plane * oh * ow
        for oy in 0..<oh {
            for ox in 0..<ow {
                var best = (oy * size) * width + ox * size
                for dy in 0..<size {
                    for dx in 0..<size {
                        let at = (oy * size + dy) * width + ox * size + dx
                        if src[at] > src[best] { best = at }
                    }
                }
                dst[oy * ow + ox] = src[best]
                arg[oy * ow + ox] = Int32(best)
            }
        }
    }
}

@_specialize(where T == Float)
func maxPoolBackward<T: Scalar>(_ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ argmax: UnsafePointer<Int32>,
                                planes: Int, inputPlane: Int, outputPlane: Int) {
    dx.update(repeating: 0, count: planes * inputPlane)
    for plane in 0..<planes {
        let g = dy + plane * outputPlane, arg = argmax + plane * outputPlane, d = dx + plane * inputPlane
        for i in 0..<outputPlane { d[Int(arg[i])] += g[i] }
    }
}

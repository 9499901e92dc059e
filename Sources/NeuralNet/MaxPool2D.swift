/// Max pooling over size×size windows with stride = size (Keras' default), no padding, on
/// (H, W, C) images; odd trailing rows or columns are dropped, as Keras does.
///
/// Forward keeps where each window's maximum was; backward routes dy there:
/// dx[argmax] = dy, 0 elsewhere.
public final class MaxPool2D<T: Scalar>: Layer {
    public let kind = "max_pooling2d"
    public let inputShape: [Int]    // (H, W, C)
    public let outputShape: [Int]   // (H/size, W/size, C)
    public let size: Int
    public var parameters: [Parameter<T>] { [] }
    public var computesInputGradient = true

    private var output = Workspace<T>()
    private var inputGradient = Workspace<T>()
    private var argmax: [Int32] = []   // (N, Ho, Wo, C): the max's offset within its input image
    private var batch = 0

    public init(inputShape: [Int], size: Int = 2) {
        precondition(inputShape.count == 3 && size > 0 && inputShape[0] >= size && inputShape[1] >= size,
                     "max pooling \(size)×\(size) does not fit \(inputShape)")
        self.inputShape = inputShape
        self.size = size
        outputShape = [inputShape[0] / size, inputShape[1] / size, inputShape[2]]
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        batch = x.batchSize
        let y = output.view(batchShape(batch, outputShape))
        if argmax.count < y.count { argmax = Array(repeating: 0, count: y.count) }
        argmax.withUnsafeMutableBufferPointer { arg in
            T.maxPoolForward(x.pointer, y.pointer, arg.baseAddress!, batch: batch,
                             height: inputShape[0], width: inputShape[1], channels: inputShape[2], size: size)
        }
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        let dx = inputGradient.view(batchShape(batch, inputShape))
        argmax.withUnsafeBufferPointer { arg in
            T.maxPoolBackward(dy.pointer, dx.pointer, arg.baseAddress!, batch: batch,
                              inputImage: inputShape.reduce(1, *), outputImage: outputShape.reduce(1, *))
        }
        return dx
    }
}

/// The loops of MaxPool2D, as requirements with default implementations in this file, so that
/// Float and Double each get a compiled copy (see `Scalar`). Internal to the engine.
public protocol PoolingKernels: BinaryFloatingPoint {
    static func maxPoolForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ argmax: UnsafeMutablePointer<Int32>,
                               batch: Int, height: Int, width: Int, channels: Int, size: Int)
    static func maxPoolBackward(_ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ argmax: UnsafePointer<Int32>,
                                batch: Int, inputImage: Int, outputImage: Int)
}

extension PoolingKernels {
    public static func maxPoolForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ argmax: UnsafeMutablePointer<Int32>,
                                      batch: Int, height: Int, width: Int, channels: Int, size: Int) {
        let oh = height / size, ow = width / size, c = channels
        for n in 0..<batch {
            let src = x + n * height * width * c
            let out = n * oh * ow * c
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let dst = y + out + (oy * ow + ox) * c, arg = argmax + out + (oy * ow + ox) * c
                    // Start from the window's top-left pixel, then let each other pixel win per channel.
                    let first = (oy * size * width + ox * size) * c
                    for ch in 0..<c { dst[ch] = src[first + ch]; arg[ch] = Int32(first + ch) }
                    for dy in 0..<size {
                        for dx in 0..<size where dy > 0 || dx > 0 {
                            let at = ((oy * size + dy) * width + ox * size + dx) * c
                            for ch in 0..<c where src[at + ch] > dst[ch] {
                                dst[ch] = src[at + ch]
                                arg[ch] = Int32(at + ch)
                            }
                        }
                    }
                }
            }
        }
    }

    public static func maxPoolBackward(_ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ argmax: UnsafePointer<Int32>,
                                       batch: Int, inputImage: Int, outputImage: Int) {
        dx.update(repeating: 0, count: batch * inputImage)
        for n in 0..<batch {
            let g = dy + n * outputImage, arg = argmax + n * outputImage, d = dx + n * inputImage
            for i in 0..<outputImage { d[Int(arg[i])] += g[i] }
        }
    }
}

extension Float: PoolingKernels {}
extension Double: PoolingKernels {}

/// Max pooling over size×size windows with stride = size (Keras' default), no padding, on
/// (H, W, C) images; odd trailing rows or columns are dropped, as Keras does.
///
/// Forward: y = max over the window. Backward routes dy to the first input (in row-major window
/// order) that equals its window's maximum, 0 elsewhere. Finding it again in backward, instead
/// of recording an argmax in forward, keeps both loops branch-free and vectorised over channels.
public final class MaxPool2D<T: Scalar>: Layer {
    public let kind = "max_pooling2d"
    public let inputShape: [Int]    // (H, W, C)
    public let outputShape: [Int]   // (H/size, W/size, C)
    public let size: Int
    public var parameters: [Parameter<T>] { [] }
    public var computesInputGradient = true

    private var input: Tensor<T>?                 // (N, H, W, C), kept for backward
    private var output = Workspace<T>()           // (N, Ho, Wo, C)
    private var inputGradient = Workspace<T>()    // (N, H, W, C)
    private var routed: [T]                       // (C): scratch for backward, 1 where a maximum was routed

    public init(inputShape: [Int], size: Int = 2) {
        precondition(inputShape.count == 3 && size > 0 && inputShape[0] >= size && inputShape[1] >= size,
                     "max pooling \(size)×\(size) does not fit \(inputShape)")
        self.inputShape = inputShape
        self.size = size
        outputShape = [inputShape[0] / size, inputShape[1] / size, inputShape[2]]
        routed = Array(repeating: 0, count: inputShape[2])
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        input = x
        let y = output.view(batchShape(x.batchSize, outputShape))
        T.maxPoolForward(x.pointer, y.pointer, batch: x.batchSize, height: inputShape[0], width: inputShape[1],
                         channels: inputShape[2], size: size)
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let x = input else { preconditionFailure("max pooling backward before forward") }
        let dx = inputGradient.view(x.shape)
        let y = output.view(dy.shape)
        routed.withUnsafeMutableBufferPointer { scratch in
            T.maxPoolBackward(x.pointer, y.pointer, dy.pointer, dx.pointer, scratch: scratch.baseAddress!, batch: x.batchSize,
                              height: inputShape[0], width: inputShape[1], channels: inputShape[2], size: size)
        }
        return dx
    }
}

/// The loops of MaxPool2D, as requirements with default implementations in this file, so that
/// Float and Double each get a compiled copy (see `Scalar`). Internal to the engine.
public protocol PoolingKernels: BinaryFloatingPoint {
    static func maxPoolForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>,
                               batch: Int, height: Int, width: Int, channels: Int, size: Int)
    static func maxPoolBackward(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>,
                                _ dx: UnsafeMutablePointer<Self>, scratch: UnsafeMutablePointer<Self>,
                                batch: Int, height: Int, width: Int, channels: Int, size: Int)
}

extension PoolingKernels {
    public static func maxPoolForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>,
                                      batch: Int, height: Int, width: Int, channels: Int, size: Int) {
        let oh = height / size, ow = width / size, c = channels
        for n in 0..<batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let best = y + ((n * oh + oy) * ow + ox) * c
                    let corner = x + ((n * height + oy * size) * width + ox * size) * c
                    best.update(from: corner, count: c)
                    for wy in 0..<size {
                        for wx in 0..<size where wy > 0 || wx > 0 {
                            let pixel = corner + (wy * width + wx) * c
                            for ch in 0..<c { best[ch] = Swift.max(best[ch], pixel[ch]) }
                        }
                    }
                }
            }
        }
    }

    public static func maxPoolBackward(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>,
                                       _ dx: UnsafeMutablePointer<Self>, scratch routed: UnsafeMutablePointer<Self>,
                                       batch: Int, height: Int, width: Int, channels: Int, size: Int) {
        let oh = height / size, ow = width / size, c = channels
        // Windows tile the image, so each dx element is written once; only dropped edges need zeros.
        if height % size != 0 || width % size != 0 { dx.update(repeating: 0, count: batch * height * width * c) }
        if size == 2 {
            return maxPool2x2Backward(x, y, dy, dx, batch: batch, height: height, width: width, channels: c)
        }
        for n in 0..<batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let out = ((n * oh + oy) * ow + ox) * c
                    let corner = ((n * height + oy * size) * width + ox * size) * c
                    routed.update(repeating: 0, count: c)   // 1 once a channel's maximum has been found
                    for wy in 0..<size {
                        for wx in 0..<size {
                            let at = corner + (wy * width + wx) * c
                            for ch in 0..<c {
                                // 0/1 arithmetic instead of `&&` and `if`, which compile to branches
                                // that are mispredicted on data like this.
                                let isMax: Self = x[at + ch] == y[out + ch] ? 1 : 0
                                let hit = isMax * (1 - routed[ch])
                                dx[at + ch] = hit * dy[out + ch]
                                routed[ch] += hit
                            }
                        }
                    }
                }
            }
        }
    }
}

extension PoolingKernels {
    /// The common 2×2 case with the four window positions unrolled: the "already routed" state
    /// lives in registers instead of the scratch row (cnn3's first pool backward: 5.2 → 3.2 ms).
    static func maxPool2x2Backward(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>,
                                   _ dx: UnsafeMutablePointer<Self>, batch: Int, height: Int, width: Int, channels c: Int) {
        let oh = height / 2, ow = width / 2, row = width * c
        for n in 0..<batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let out = ((n * oh + oy) * ow + ox) * c
                    let a = ((n * height + oy * 2) * width + ox * 2) * c, b = a + c, d = a + row, e = d + c
                    for ch in 0..<c {
                        let m = y[out + ch], g = dy[out + ch]
                        let hitA: Self = x[a + ch] == m ? 1 : 0
                        let hitB: Self = (x[b + ch] == m ? 1 : 0) * (1 - hitA)
                        let hitD: Self = (x[d + ch] == m ? 1 : 0) * (1 - hitA - hitB)
                        let hitE: Self = (x[e + ch] == m ? 1 : 0) * (1 - hitA - hitB - hitD)
                        dx[a + ch] = hitA * g
                        dx[b + ch] = hitB * g
                        dx[d + ch] = hitD * g
                        dx[e + ch] = hitE * g
                    }
                }
            }
        }
    }
}

extension Float: PoolingKernels {}
extension Double: PoolingKernels {}

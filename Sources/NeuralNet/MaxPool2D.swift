/// Max pooling over size×size windows with stride = size (Keras' default), no padding, on
/// (H, W, C) images; odd trailing rows or columns are dropped, as Keras does.
///
/// Forward: y = max over the window, and which input of the window it was (the first, in
/// row-major window order, on ties). Backward: dx = dy at that input, 0 elsewhere. Remembering
/// the winner saves backward from reading the input again (four times the output's size).
/// The winner is kept as a number of the layer's own type: compared as an integer, LLVM turned
/// the scalar loop's selects into branches, mispredicted on every other element.
/// When the input is a ReLU's output, a window whose maximum is ≤ 0 has no winner, which is the
/// ReLU's backward done in the same pass (`routesOnlyPositiveMaxima`, set by `Sequential`).
public final class MaxPool2D<T: Scalar>: Layer {
    public let kind = "max_pooling2d"
    public let inputShape: [Int]    // (H, W, C)
    public let outputShape: [Int]   // (H/size, W/size, C)
    public let size: Int
    public var parameters: [Parameter<T>] { [] }
    public var computesInputGradient = true
    /// dx = 0 where the window's maximum is ≤ 0, so that a ReLU before this layer can skip its backward.
    public internal(set) var routesOnlyPositiveMaxima = false

    private var output = Workspace<T>()           // (N, Ho, Wo, C)
    private var inputGradient = Workspace<T>()    // (N, H, W, C)
    private var winners = Workspace<T>()          // (N, Ho, Wo, C): wy·size + wx of each maximum, or −1 for none
    private var batch: Int?

    public init(inputShape: [Int], size: Int = 2) {
        precondition(inputShape.count == 3 && size > 0 && inputShape[0] >= size && inputShape[1] >= size,
                     "max pooling \(size)×\(size) does not fit \(inputShape)")
        self.inputShape = inputShape
        self.size = size
        outputShape = [inputShape[0] / size, inputShape[1] / size, inputShape[2]]
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        let n = x.batchSize, y = output.view(batchShape(n, outputShape))
        let inSize = inputShape.reduce(1, *), outSize = outputShape.reduce(1, *)
        let w = winners.view(y.shape), floor: T = routesOnlyPositiveMaxima ? 0 : -.infinity
        ParallelLoop.forEachRange(n, grain: ParallelLoop.grain / inSize + 1) { images in
            let (i, o) = (images.lowerBound * inSize, images.lowerBound * outSize)
            T.maxPoolForward(x.pointer + i, y.pointer + o, winners: w.pointer + o, floor: floor, batch: images.count,
                             height: inputShape[0], width: inputShape[1], channels: inputShape[2], size: size)
        }
        batch = n
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let n = batch else { preconditionFailure("max pooling backward before forward") }
        let dx = inputGradient.view(batchShape(n, inputShape))
        let inSize = inputShape.reduce(1, *), outSize = outputShape.reduce(1, *)
        let w = winners.view(dy.shape)
        ParallelLoop.forEachRange(n, grain: ParallelLoop.grain / inSize + 1) { images in
            let (i, o) = (images.lowerBound * inSize, images.lowerBound * outSize)
            T.maxPoolBackward(dy.pointer + o, winners: w.pointer + o, dx.pointer + i, batch: images.count,
                              height: inputShape[0], width: inputShape[1], channels: inputShape[2], size: size)
        }
        return dx
    }
}

/// The loops of MaxPool2D, as requirements with default implementations in this file, so that
/// Float and Double each get a compiled copy (see `Scalar`). Internal to the engine.
public protocol PoolingKernels: BinaryFloatingPoint {
    /// y = the window maxima; winners = where each was (wy·size + wx), or −1 when it is ≤ `floor`.
    static func maxPoolForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, winners: UnsafeMutablePointer<Self>,
                               floor: Self, batch: Int, height: Int, width: Int, channels: Int, size: Int)
    /// dx = dy at each window's winner, 0 elsewhere.
    static func maxPoolBackward(_ dy: UnsafePointer<Self>, winners: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>,
                                batch: Int, height: Int, width: Int, channels: Int, size: Int)
}

extension PoolingKernels {
    public static func maxPoolForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, winners: UnsafeMutablePointer<Self>,
                                      floor: Self, batch: Int, height: Int, width: Int, channels: Int, size: Int) {
        let oh = height / size, ow = width / size, c = channels
        if size == 2 {
            return maxPool2x2Forward(x, y, winners: winners, floor: floor, batch: batch, height: height, width: width, channels: c)
        }
        for n in 0..<batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let out = ((n * oh + oy) * ow + ox) * c
                    let corner = x + ((n * height + oy * size) * width + ox * size) * c
                    for ch in 0..<c {
                        // Strictly greater: the first maximum in window order wins ties.
                        var best = corner[ch], winner: Self = 0
                        for wy in 0..<size {
                            for wx in 0..<size {
                                let v = corner[(wy * width + wx) * c + ch]
                                if v > best { (best, winner) = (v, Self(wy * size + wx)) }
                            }
                        }
                        y[out + ch] = best
                        winners[out + ch] = best > floor ? winner : -1
                    }
                }
            }
        }
    }

    public static func maxPoolBackward(_ dy: UnsafePointer<Self>, winners: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>,
                                       batch: Int, height: Int, width: Int, channels: Int, size: Int) {
        let oh = height / size, ow = width / size, c = channels
        if size == 2 && height % 2 == 0 && width % 2 == 0 {
            return maxPool2x2Backward(dy, winners: winners, dx, batch: batch, height: height, width: width, channels: c)
        }
        dx.update(repeating: 0, count: batch * height * width * c)
        for n in 0..<batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let out = ((n * oh + oy) * ow + ox) * c
                    let corner = dx + ((n * height + oy * size) * width + ox * size) * c
                    for ch in 0..<c where winners[out + ch] >= 0 {
                        let w = Int(winners[out + ch])
                        corner[((w / size) * width + w % size) * c + ch] = dy[out + ch]
                    }
                }
            }
        }
    }

    /// The common 2×2 case with the window unrolled. Written as selects over pointers offset
    /// outside the channel loop: with `if` or with indices added inside, LLVM kept it scalar (6×
    /// slower).
    static func maxPool2x2Forward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, winners: UnsafeMutablePointer<Self>,
                                  floor: Self, batch: Int, height: Int, width: Int, channels c: Int) {
        let oh = height / 2, ow = width / 2, row = width * c
        for n in 0..<batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let out = ((n * oh + oy) * ow + ox) * c, (yo, wo) = (y + out, winners + out)
                    let xa = x + ((n * height + oy * 2) * width + ox * 2) * c, xb = xa + c, xd = xa + row, xe = xd + c
                    for ch in 0..<c {
                        let a = xa[ch], b = xb[ch], d = xd[ch], e = xe[ch]
                        let isB = b > a, m1 = isB ? b : a, w1: Self = isB ? 1 : 0
                        let isD = d > m1, m2 = isD ? d : m1, w2: Self = isD ? 2 : w1
                        let isE = e > m2, m = isE ? e : m2, w: Self = isE ? 3 : w2
                        yo[ch] = m
                        wo[ch] = m > floor ? w : -1
                    }
                }
            }
        }
    }

    /// The common 2×2 case: every dx element written once, by a select instead of a scatter.
    static func maxPool2x2Backward(_ dy: UnsafePointer<Self>, winners: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>,
                                   batch: Int, height: Int, width: Int, channels c: Int) {
        let oh = height / 2, ow = width / 2, row = width * c
        for n in 0..<batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let out = ((n * oh + oy) * ow + ox) * c, (go, wo) = (dy + out, winners + out)
                    let da = dx + ((n * height + oy * 2) * width + ox * 2) * c, db = da + c, dd = da + row, de = dd + c
                    for ch in 0..<c {
                        let w = wo[ch], g = go[ch]
                        da[ch] = w == 0 ? g : 0
                        db[ch] = w == 1 ? g : 0
                        dd[ch] = w == 2 ? g : 0
                        de[ch] = w == 3 ? g : 0
                    }
                }
            }
        }
    }
}

extension Float: PoolingKernels {}
extension Double: PoolingKernels {}

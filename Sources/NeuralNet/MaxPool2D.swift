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
    /// The layout of input and output (set by `Sequential`). A batch in channel blocks of 16 is
    /// pooled as N·C/16 NHWC images of 16 channels.
    public internal(set) var layout = ActivationLayout.nhwc

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

    /// Float 2×2 pooling of channel blocks, whose windows are one 16-lane vector per input.
    private var blocked16: Bool {
        layout == .channelBlocks16 && size == 2 && inputShape[0] % 2 == 0 && inputShape[1] % 2 == 0 && T.self == Float.self
    }

    /// Images of `channels` channels that the kernels see per sample: 1 of C in NHWC, C/16 of 16 in blocks.
    private var planes: (perSample: Int, channels: Int) {
        layout == .nhwc ? (1, inputShape[2]) : (inputShape[2] / ActivationLayout.blockSize, ActivationLayout.blockSize)
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        let n = x.batchSize, y = output.view(batchShape(n, outputShape)), (perSample, c) = planes
        let inSize = inputShape[0] * inputShape[1] * c, outSize = outputShape[0] * outputShape[1] * c
        let w = winners.view(y.shape), floor: T = routesOnlyPositiveMaxima ? 0 : -.infinity
        ParallelLoop.forEachRange(n * perSample, grain: ParallelLoop.grain / inSize + 1) { images in
            let (i, o) = (images.lowerBound * inSize, images.lowerBound * outSize)
            if blocked16 {
                Float.maxPool2x2ForwardBlocks(floats(x.pointer + i), floats(y.pointer + o), winners: floats(w.pointer + o),
                                              floor: Float(floor), planes: images.count, height: inputShape[0], width: inputShape[1])
            } else {
                T.maxPoolForward(x.pointer + i, y.pointer + o, winners: w.pointer + o, floor: floor, batch: images.count,
                                 height: inputShape[0], width: inputShape[1], channels: c, size: size)
            }
        }
        batch = n
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        guard let n = batch else { preconditionFailure("max pooling backward before forward") }
        let dx = inputGradient.view(batchShape(n, inputShape)), (perSample, c) = planes
        let inSize = inputShape[0] * inputShape[1] * c, outSize = outputShape[0] * outputShape[1] * c
        let w = winners.view(dy.shape)
        ParallelLoop.forEachRange(n * perSample, grain: ParallelLoop.grain / inSize + 1) { images in
            let (i, o) = (images.lowerBound * inSize, images.lowerBound * outSize)
            if blocked16 {
                Float.maxPool2x2BackwardBlocks(floats(dy.pointer + o), winners: floats(w.pointer + o), floats(dx.pointer + i),
                                               planes: images.count, height: inputShape[0], width: inputShape[1])
            } else {
                T.maxPoolBackward(dy.pointer + o, winners: w.pointer + o, dx.pointer + i, batch: images.count,
                                  height: inputShape[0], width: inputShape[1], channels: c, size: size)
            }
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

    /// The common 2×2 case with the window unrolled. Written as max and 0/1 arithmetic over
    /// pointers offset outside the channel loop: LLVM vectorises this only where its runtime
    /// checks allow, and the scalar loop it falls back to must not branch on the data (with
    /// selects chained on comparisons it did, and ran 5× slower).
    static func maxPool2x2Forward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, winners: UnsafeMutablePointer<Self>,
                                  floor: Self, batch: Int, height: Int, width: Int, channels c: Int) {
        forEachWindow2x2(batch: batch, height: height, width: width, channels: c) { out, topLeft, nextRow in
            let (yo, wo) = (y + out, winners + out)
            let xa = x + topLeft, xb = xa + c, xd = xa + nextRow, xe = xd + c
            for ch in 0..<c {
                let a = xa[ch], b = xb[ch], d = xd[ch], e = xe[ch]
                let m = Swift.max(Swift.max(a, b), Swift.max(d, e))
                // The winner is the number of inputs before the first that equals the maximum.
                let missA: Self = a == m ? 0 : 1, missB: Self = b == m ? 0 : missA, missD: Self = d == m ? 0 : missB
                let kept: Self = m > floor ? 1 : 0
                yo[ch] = m
                wo[ch] = kept * (missA + missB + missD + 1) - 1
            }
        }
    }

    /// The common 2×2 case: every dx element written once, by a select instead of a scatter.
    static func maxPool2x2Backward(_ dy: UnsafePointer<Self>, winners: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>,
                                   batch: Int, height: Int, width: Int, channels c: Int) {
        forEachWindow2x2(batch: batch, height: height, width: width, channels: c) { out, topLeft, nextRow in
            let (go, wo) = (dy + out, winners + out)
            let da = dx + topLeft, db = da + c, dd = da + nextRow, de = dd + c
            for ch in 0..<c {
                let w = wo[ch], g = go[ch]
                da[ch] = w == 0 ? g : 0
                db[ch] = w == 1 ? g : 0
                dd[ch] = w == 2 ? g : 0
                de[ch] = w == 3 ? g : 0
            }
        }
    }

    /// Calls `body` for each 2×2 window of `batch` (height, width, channels) images with the
    /// offsets of its output pixel and its top-left input pixel, and the distance to the row below.
    @inline(__always) static func forEachWindow2x2(batch: Int, height: Int, width: Int, channels c: Int, _ body: (Int, Int, Int) -> Void) {
        let oh = height / 2, ow = width / 2, row = width * c
        for n in 0..<batch {
            for oy in 0..<oh {
                for ox in 0..<ow { body(((n * oh + oy) * ow + ox) * c, ((n * height + oy * 2) * width + ox * 2) * c, row) }
            }
        }
    }
}

extension Float: PoolingKernels {}
extension Double: PoolingKernels {}

/// 2×2 pooling of 16-channel blocks (see `ActivationLayout`) with each window's inputs as
/// SIMD16<Float> values: the generic loops above, given 16 channels, left LLVM a loop too short
/// to vectorise profitably, and ran 2.6× slower than on 32 NHWC channels. The same arithmetic.
extension Float {
    private typealias Block = SIMD16<Float>

    static func maxPool2x2ForwardBlocks(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Float>,
                                        floor: Float, planes: Int, height: Int, width: Int) {
        let one = Block(repeating: 1)
        forEachWindow2x2(batch: planes, height: height, width: width, channels: 16) { out, topLeft, nextRow in
            let a = x + topLeft
            let (va, vb, vd, ve) = (load(a), load(a + 16), load(a + nextRow), load(a + nextRow + 16))
            let m = va.replacing(with: vb, where: vb .> va), m2 = vd.replacing(with: ve, where: ve .> vd)
            let best = m.replacing(with: m2, where: m2 .> m)
            let missA = one.replacing(with: 0, where: va .== best)
            let missB = missA.replacing(with: 0, where: vb .== best), missD = missB.replacing(with: 0, where: vd .== best)
            store((missA + missB + missD).replacing(with: -1, where: best .<= floor), winners + out)
            store(best, y + out)
        }
    }

    static func maxPool2x2BackwardBlocks(_ dy: UnsafePointer<Float>, winners: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                                         planes: Int, height: Int, width: Int) {
        let zero = Block(repeating: 0)
        forEachWindow2x2(batch: planes, height: height, width: width, channels: 16) { out, topLeft, nextRow in
            let a = dx + topLeft, (w, g) = (load(winners + out), load(dy + out))
            store(zero.replacing(with: g, where: w .== 0), a)
            store(zero.replacing(with: g, where: w .== 1), a + 16)
            store(zero.replacing(with: g, where: w .== 2), a + nextRow)
            store(zero.replacing(with: g, where: w .== 3), a + nextRow + 16)
        }
    }

    @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> Block { UnsafeRawPointer(p).loadUnaligned(as: Block.self) }
    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> Block { load(UnsafePointer(p)) }
    @inline(__always) private static func store(_ v: Block, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Block.self)
    }
}

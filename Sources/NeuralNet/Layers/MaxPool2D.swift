/// Max pooling over size×size windows with stride = size (Keras' default), no padding, on
/// (H, W, C) images; odd trailing rows or columns are dropped, as Keras does.
///
///   forward   y = the maximum of each window, and which input of the window it was (the first,
///             in row-major window order, on ties)
///   backward  dx = dy at that input, 0 elsewhere
///
/// Remembering the winner saves backward from reading the input again (four times the output's
/// size). The winner is kept as a number of the layer's own type: compared as an integer, LLVM
/// turned the scalar loop's selects into branches, mispredicted on every other element.
/// With `routesOnlyPositiveMaxima` (a ReLU folded in, see `Sequential`) a window whose maximum is
/// ≤ 0 has no winner, which is the ReLU's backward done in the same pass.
public final class MaxPool2D<T: Scalar>: Layer {
    public let kind = LayerKind.maxPooling2d
    public let inputShape: [Int]  // (H, W, C)
    public let outputShape: [Int]  // (H/size, W/size, C)
    public let size: Int
    public var parameters: [Parameter<T>] { [] }
    /// dx = 0 where the window's maximum is ≤ 0: the backward of a ReLU before this layer.
    public let routesOnlyPositiveMaxima: Bool
    /// The layout of input and output. A batch in channel blocks of 16 is pooled as N·C/16 NHWC
    /// images of 16 channels.
    public let layout: ActivationLayout
    /// Float 2×2 pooling of channel blocks runs on the fast path's SIMD16 kernels.
    private let poolsBlocksAsVectors: Bool

    private var output = Workspace<T>()  // (N, Ho, Wo, C)
    private var inputGradient = Workspace<T>()  // (N, H, W, C)
    private var winners = Workspace<T>()  // (N, Ho, Wo, C): wy·size + wx of each maximum, or −1 for none
    private var batch: Int?

    public init(
        inputShape: [Int], size: Int = 2, routesOnlyPositiveMaxima: Bool = false, layout: ActivationLayout = .nhwc
    ) {
        precondition(
            inputShape.count == 3 && size > 0 && inputShape[0] >= size && inputShape[1] >= size,
            "max pooling \(size)×\(size) does not fit \(inputShape)")
        self.inputShape = inputShape
        self.size = size
        self.routesOnlyPositiveMaxima = routesOnlyPositiveMaxima
        self.layout = layout
        outputShape = [inputShape[0] / size, inputShape[1] / size, inputShape[2]]
        poolsBlocksAsVectors =
            layout == .channelBlocks16 && size == 2 && inputShape[0] % 2 == 0 && inputShape[1] % 2 == 0
            && T.self == Float.self
    }

    /// Images of `channels` channels that the kernels see per sample: 1 of C in NHWC, C/16 of 16 in blocks.
    private var planes: (perSample: Int, channels: Int) {
        layout == .nhwc ? (1, inputShape[2]) : (inputShape[2] / ActivationLayout.blockSize, ActivationLayout.blockSize)
    }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        let n = x.batchSize
        let y = output.view(batchShape(n, outputShape))
        let (perSample, c) = planes
        let inSize = inputShape[0] * inputShape[1] * c
        let outSize = outputShape[0] * outputShape[1] * c
        let w = winners.view(y.shape)
        let floor: T = routesOnlyPositiveMaxima ? 0 : -.infinity
        ParallelLoop.forEachRange(n * perSample, grain: ParallelLoop.grain / inSize + 1) { images in
            let (i, o) = (images.lowerBound * inSize, images.lowerBound * outSize)
            if poolsBlocksAsVectors {
                BlockedMaxPool.forward(
                    floats(x.pointer + i), floats(y.pointer + o), winners: floats(w.pointer + o),
                    floor: Float(floor), planes: images.count, height: inputShape[0], width: inputShape[1])
            } else {
                maxPoolForward(
                    x.pointer + i, y.pointer + o, winners: w.pointer + o, floor: floor, batch: images.count,
                    height: inputShape[0], width: inputShape[1], channels: c, size: size)
            }
        }
        batch = n
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        guard let n = batch else { preconditionFailure("max pooling backward before forward") }
        guard needsInputGradient else { return nil }
        let dx = inputGradient.view(batchShape(n, inputShape))
        let (perSample, c) = planes
        let inSize = inputShape[0] * inputShape[1] * c
        let outSize = outputShape[0] * outputShape[1] * c
        let w = winners.view(dy.shape)
        ParallelLoop.forEachRange(n * perSample, grain: ParallelLoop.grain / inSize + 1) { images in
            let (i, o) = (images.lowerBound * inSize, images.lowerBound * outSize)
            if poolsBlocksAsVectors {
                BlockedMaxPool.backward(
                    floats(dy.pointer + o), winners: floats(w.pointer + o), floats(dx.pointer + i),
                    planes: images.count, height: inputShape[0], width: inputShape[1])
            } else {
                maxPoolBackward(
                    dy.pointer + o, winners: w.pointer + o, dx.pointer + i, batch: images.count,
                    height: inputShape[0], width: inputShape[1], channels: c, size: size)
            }
        }
        return dx
    }
}

/// y = the window maxima; winners = where each was (wy·size + wx), or −1 when it is ≤ `floor`.
@_specialize(where T == Float)
@_specialize(where T == Double)
func maxPoolForward<T: Scalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, winners: UnsafeMutablePointer<T>,
    floor: T, batch: Int, height: Int, width: Int, channels: Int, size: Int
) {
    let oh = height / size
    let ow = width / size
    let c = channels
    if size == 2 {
        return maxPool2x2Forward(
            x, y, winners: winners, floor: floor, batch: batch, height: height, width: width, channels: c)
    }
    for n in 0..<batch {
        for oy in 0..<oh {
            for ox in 0..<ow {
                let out = ((n * oh + oy) * ow + ox) * c
                let corner = x + ((n * height + oy * size) * width + ox * size) * c
                for ch in 0..<c {
                    // Strictly greater: the first maximum in window order wins ties.
                    var best = corner[ch]
                    var winner: T = 0
                    for wy in 0..<size {
                        for wx in 0..<size {
                            let v = corner[(wy * width + wx) * c + ch]
                            if v > best { (best, winner) = (v, T(wy * size + wx)) }
                        }
                    }
                    y[out + ch] = best
                    winners[out + ch] = best > floor ? winner : -1
                }
            }
        }
    }
}

/// dx = dy at each window's winner, 0 elsewhere.
@_specialize(where T == Float)
@_specialize(where T == Double)
func maxPoolBackward<T: Scalar>(
    _ dy: UnsafePointer<T>, winners: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>,
    batch: Int, height: Int, width: Int, channels: Int, size: Int
) {
    let oh = height / size
    let ow = width / size
    let c = channels
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
@_specialize(where T == Float)
@_specialize(where T == Double)
func maxPool2x2Forward<T: Scalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, winners: UnsafeMutablePointer<T>,
    floor: T, batch: Int, height: Int, width: Int, channels c: Int
) {
    forEachWindow2x2(batch: batch, height: height, width: width, channels: c) { out, topLeft, nextRow in
        let (yo, wo) = (y + out, winners + out)
        let xa = x + topLeft
        let xb = xa + c
        let xd = xa + nextRow
        let xe = xd + c
        for ch in 0..<c {
            let a = xa[ch]
            let b = xb[ch]
            let d = xd[ch]
            let e = xe[ch]
            let m = Swift.max(Swift.max(a, b), Swift.max(d, e))
            // The winner is the number of inputs before the first that equals the maximum.
            let missA: T = a == m ? 0 : 1
            let missB: T = b == m ? 0 : missA
            let missD: T = d == m ? 0 : missB
            let kept: T = m > floor ? 1 : 0
            yo[ch] = m
            wo[ch] = kept * (missA + missB + missD + 1) - 1
        }
    }
}

/// The common 2×2 case: every dx element written once, by a select instead of a scatter.
@_specialize(where T == Float)
@_specialize(where T == Double)
func maxPool2x2Backward<T: Scalar>(
    _ dy: UnsafePointer<T>, winners: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>,
    batch: Int, height: Int, width: Int, channels c: Int
) {
    forEachWindow2x2(batch: batch, height: height, width: width, channels: c) { out, topLeft, nextRow in
        let (go, wo) = (dy + out, winners + out)
        let da = dx + topLeft
        let db = da + c
        let dd = da + nextRow
        let de = dd + c
        for ch in 0..<c {
            let w = wo[ch]
            let g = go[ch]
            da[ch] = w == 0 ? g : 0
            db[ch] = w == 1 ? g : 0
            dd[ch] = w == 2 ? g : 0
            de[ch] = w == 3 ? g : 0
        }
    }
}

/// Calls `body` for each 2×2 window of `batch` (height, width, channels) images with the
/// offsets of its output pixel and its top-left input pixel, and the distance to the row below.
@inline(__always)
private func forEachWindow2x2(batch: Int, height: Int, width: Int, channels c: Int, _ body: (Int, Int, Int) -> Void) {
    let oh = height / 2
    let ow = width / 2
    let row = width * c
    for n in 0..<batch {
        for oy in 0..<oh {
            for ox in 0..<ow { body(((n * oh + oy) * ow + ox) * c, ((n * height + oy * 2) * width + ox * 2) * c, row) }
        }
    }
}

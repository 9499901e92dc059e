/// 2-D convolution, odd kernel size k, `same` or `valid` padding, stride s, on channels-last
/// (NHWC) images, as im2col + GEMM.
///
/// The batch is unfolded into one row per output pixel, col (N·Ho·Wo, k·k·C), each row the
/// pixel's k×k×C input patch; the filters are W (F, k·k·C), one row per filter.
///   forward   y = col · Wᵀ + b                  (N·Ho·Wo, F) — already NHWC
///   backward  dW = dyᵀ · col,  db = Σ_rows dy,  dcol = dy · W,  dx = col2im(dcol)
/// One GEMM per product for the whole batch, with the long pixel dimension as M: oneDNN runs
/// that orientation 2–3× faster than (F, pixels) on these shapes (measured, see the README).
///
/// For Float where oneDNN is present, the fast path (`FastPath.convolution`) replaces these
/// loops with oneDNN's convolution primitives, which measured faster; there x and y may also be
/// in channel blocks (`layouts`, planned by `Sequential`). With `rectifiesOutput` (a folded
/// ReLU) forward returns max(y, 0), and the dy backward receives has already been masked.
/// Without `addsBias`, b stays 0 and is not a parameter (not trained, not saved, not counted).
public final class Conv2D<T: Scalar>: Layer {
    public let kind = LayerKind.conv2d
    public let inputShape: [Int]  // (H, W, C)
    public let outputShape: [Int]  // (Ho, Wo, F)
    public let kernelSize: Int
    public let padding: Padding
    public let stride: Int
    public let weight: Parameter<T>  // (F, k, k, C)
    public let bias: Parameter<T>  // (F)
    public let addsBias: Bool
    public var parameters: [Parameter<T>] { addsBias ? [weight, bias] : [weight] }
    public let rectifiesOutput: Bool
    /// How x and y lie in memory: NHWC unless the fast path took the layouts asked for.
    public let layouts: (input: ActivationLayout, output: ActivationLayout)

    private let geometry: ConvGeometry
    private let fastPath: (any ConvolutionBackend)?
    private var columns = Workspace<T>()  // (N·Ho·Wo, k·k·C)
    private var columnGradient = Workspace<T>()  // (N·Ho·Wo, k·k·C)
    private var output = Workspace<T>()  // (N, Ho, Wo, F)
    private var inputGradient = Workspace<T>()  // (N, H, W, C)
    /// The last forward's input: the fast path's backward-weights reads it (im2col keeps `columns` instead).
    private var input: Tensor<T>?
    private var batch = 0

    /// `needsInputGradient: false` for a network's first layer: training never asks it for dx, so
    /// the fast path prepares nothing for it (it still can, when asked).
    public init(
        inputShape: [Int], filters: Int, kernelSize: Int, padding: Padding, stride: Int = 1, addsBias: Bool = true,
        rectifiesOutput: Bool = false, layouts: (input: ActivationLayout, output: ActivationLayout) = (.nhwc, .nhwc),
        engine: ConvolutionEngine = .preferred, needsInputGradient: Bool = true, generator: inout SeededGenerator
    ) {
        precondition(inputShape.count == 3, "conv2d takes (H, W, C) inputs, got \(inputShape)")
        precondition(
            (kernelSize % 2 == 1 || padding == .valid) && kernelSize > 0 && stride >= 1,
            "conv2d needs a positive stride and a kernel size (odd for same padding), got \(kernelSize), \(stride)")
        let (h, w, c) = (inputShape[0], inputShape[1], inputShape[2])
        geometry = ConvGeometry(height: h, width: w, channels: c, kernel: kernelSize, padding: padding, stride: stride)
        precondition(
            geometry.outHeight > 0 && geometry.outWidth > 0,
            "a \(kernelSize)×\(kernelSize) valid conv does not fit \(h)×\(w)")
        self.inputShape = inputShape
        self.kernelSize = kernelSize
        self.padding = padding
        self.stride = stride
        self.rectifiesOutput = rectifiesOutput
        outputShape = [geometry.outHeight, geometry.outWidth, filters]
        weight = Parameter(name: "kernel", shape: [filters, kernelSize, kernelSize, c])
        bias = Parameter(name: "bias", shape: [filters])
        self.addsBias = addsBias
        // Keras: fan_in = k·k·C, fan_out = k·k·F.
        weight.fillGlorotUniform(
            fanIn: geometry.patchSize, fanOut: kernelSize * kernelSize * filters, generator: &generator)
        fastPath = FastPath.convolution(
            of: T.self, geometry: geometry, filters: filters, rectifiesOutput: rectifiesOutput,
            layouts: layouts, engine: engine, preparesInputGradient: needsInputGradient)
        // The loops below read and write NHWC only.
        self.layouts = fastPath == nil ? (.nhwc, .nhwc) : layouts
    }

    /// True when this layer runs on the fast path (oneDNN's primitives), else on im2col + GEMM.
    public var runsOnOneDNN: Bool { fastPath != nil }
    /// True when this layer runs as Winograd (see `OneDNNConvolution`).
    public var runsAsWinograd: Bool { fastPath?.isWinograd ?? false }

    public func forward(_ x: Tensor<T>, phase: Phase) -> Tensor<T> {
        precondition(
            Array(x.shape.dropFirst()) == inputShape, "conv2d expects \(inputShape) per sample, got \(x.shape)")
        batch = x.batchSize
        let g = geometry
        let f = outputShape[2]
        let pixels = batch * g.outPixels
        let y = output.view(batchShape(batch, outputShape))
        if let fastPath {
            fastPath.forward(
                x: floats(x.pointer), weights: floats(weight.value.pointer), bias: floats(bias.value.pointer),
                y: floats(y.pointer), batch: batch)
            input = x
            return y
        }
        let col = columns.view([pixels, g.patchSize])
        im2col(x.pointer, col.pointer, batch: batch, g)
        broadcastRows(bias.value.pointer, into: y.pointer, rows: pixels, columns: f)
        gemm(
            transposeA: false, transposeB: true, m: pixels, n: f, k: g.patchSize,
            alpha: 1, a: col.pointer, lda: g.patchSize, b: weight.value.pointer, ldb: g.patchSize,
            beta: 1, c: y.pointer, ldc: f)
        if rectifiesOutput { ReLU.rectify(y, into: y) }
        return y
    }

    public func backward(_ dy: Tensor<T>, needsInputGradient: Bool) -> Tensor<T>? {
        let g = geometry
        let f = outputShape[2]
        let pixels = batch * g.outPixels
        let dx = inputGradient.view(batchShape(batch, inputShape))
        if let fastPath, let x = input {
            fastPath.backward(
                x: floats(x.pointer), dy: floats(dy.pointer), weights: floats(weight.value.pointer),
                weightGradient: floats(weight.gradient.pointer), biasGradient: floats(bias.gradient.pointer),
                dx: needsInputGradient ? floats(dx.pointer) : nil, batch: batch)
            return needsInputGradient ? dx : nil
        }
        let col = columns.view([pixels, g.patchSize])
        gemm(
            transposeA: true, transposeB: false, m: f, n: g.patchSize, k: pixels,
            alpha: 1, a: dy.pointer, lda: f, b: col.pointer, ldb: g.patchSize,
            beta: 0, c: weight.gradient.pointer, ldc: g.patchSize)
        columnSums(dy.pointer, rows: pixels, columns: f, into: bias.gradient.pointer)
        guard needsInputGradient else { return nil }
        let dcol = columnGradient.view([pixels, g.patchSize])
        gemm(
            transposeA: false, transposeB: false, m: pixels, n: g.patchSize, k: f,
            alpha: 1, a: dy.pointer, lda: f, b: weight.value.pointer, ldb: g.patchSize,
            beta: 0, c: dcol.pointer, ldc: g.patchSize)
        col2im(dcol.pointer, dx.pointer, batch: batch, g)
        return dx
    }
}

/// The sizes of one convolution on (H, W, C) images: kernel k, zero padding and stride.
public struct ConvGeometry: Sendable {
    public let height, width, channels, kernel, pad, stride: Int

    public init(height: Int, width: Int, channels: Int, kernel: Int, padding: Padding, stride: Int = 1) {
        (self.height, self.width, self.channels, self.kernel, self.stride) = (height, width, channels, kernel, stride)
        pad = padding == .same ? kernel / 2 : 0
    }

    /// 0 when the kernel is wider than the padded input (integer division alone would round
    /// −1/2 to 0 and give a stride-2 convolution one output position that does not exist).
    public var outHeight: Int { Self.positions(height + 2 * pad, kernel, stride) }
    public var outWidth: Int { Self.positions(width + 2 * pad, kernel, stride) }

    static func positions(_ padded: Int, _ kernel: Int, _ stride: Int) -> Int {
        padded < kernel ? 0 : (padded - kernel) / stride + 1
    }
    public var outPixels: Int { outHeight * outWidth }
    /// k·k·C: the length of one patch, ordered (ky, kx, c).
    public var patchSize: Int { kernel * kernel * channels }

    /// For output column ox, the kernel columns kx whose input column ox + kx − pad is inside.
    func validKernelColumns(ox: Int) -> Range<Int> {
        let x0 = ox * stride - pad  // input column under kernel column 0
        let first = max(0, -x0)
        let last = min(kernel, width - x0)
        return first..<max(first, last)
    }
}

/// col[n·Ho·Wo + oy·Wo + ox, (ky·k + kx)·C + c] = x[n, s·oy + ky − pad, s·ox + kx − pad, c], 0 outside.
@_specialize(where T == Float)
@_specialize(where T == Double)
func im2col<T: Scalar>(_ x: UnsafePointer<T>, _ col: UnsafeMutablePointer<T>, batch: Int, _ g: ConvGeometry) {
    let c = g.channels
    let rowStride = g.width * c
    var row = col
    for n in 0..<batch {
        let image = x + n * g.height * rowStride
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                let valid = g.validKernelColumns(ox: ox)
                for ky in 0..<g.kernel {
                    let dst = row + ky * g.kernel * c
                    let iy = oy * g.stride + ky - g.pad
                    guard iy >= 0 && iy < g.height, !valid.isEmpty else {
                        dst.update(repeating: 0, count: g.kernel * c)
                        continue
                    }
                    // Kernel columns `valid` read one contiguous run of the input row.
                    dst.update(repeating: 0, count: valid.lowerBound * c)
                    (dst + valid.lowerBound * c).update(
                        from: image + iy * rowStride + (ox * g.stride + valid.lowerBound - g.pad) * c,
                        count: valid.count * c)
                    (dst + valid.upperBound * c).update(repeating: 0, count: (g.kernel - valid.upperBound) * c)
                }
                row += g.patchSize
            }
        }
    }
}

/// The adjoint of im2col: each dx element is the sum of the dcol entries it was copied to.
@_specialize(where T == Float)
@_specialize(where T == Double)
func col2im<T: Scalar>(_ dcol: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, batch: Int, _ g: ConvGeometry) {
    let c = g.channels
    let rowStride = g.width * c
    dx.update(repeating: 0, count: batch * g.height * rowStride)
    var row = dcol
    for n in 0..<batch {
        let image = dx + n * g.height * rowStride
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                let valid = g.validKernelColumns(ox: ox)
                for ky in 0..<g.kernel {
                    let iy = oy * g.stride + ky - g.pad
                    guard iy >= 0 && iy < g.height else { continue }
                    let src = row + (ky * g.kernel + valid.lowerBound) * c
                    let dst = image + iy * rowStride + (ox * g.stride + valid.lowerBound - g.pad) * c
                    for i in 0..<(valid.count * c) { dst[i] += src[i] }
                }
                row += g.patchSize
            }
        }
    }
}

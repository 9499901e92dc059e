import Foundation

/// 2-D convolution, odd kernel size k, `same` or `valid` padding, stride s, as im2col + GEMM,
/// on channels-last (NHWC) images.
///
/// The batch is unfolded into one row per output pixel, col (N·Ho·Wo, k·k·C), each row the
/// pixel's k×k×C input patch; the filters are W (F, k·k·C), one row per filter.
///   forward   y = col · Wᵀ + b                  (N·Ho·Wo, F) — already NHWC
///   backward  dW = dyᵀ · col,  db = Σ_rows dy,  dcol = dy · W,  dx = col2im(dcol)
/// One GEMM per product for the whole batch, with the long pixel dimension as M: oneDNN runs
/// that orientation 2–3× faster than (F, pixels) on these shapes (measured, see the README).
///
/// For Float where oneDNN is present, the same three products run on oneDNN's convolution
/// primitives instead (`OneDNNConvolution`), which measured faster; `ConvolutionEngine` chooses.
/// There x and y may also be in channel blocks (`layouts`, planned by `Sequential`).
public final class Conv2D<T: Scalar>: Layer, RectifyingLayer {
    public let kind = "conv2d"
    public let inputShape: [Int]    // (H, W, C)
    public let outputShape: [Int]   // (Ho, Wo, F)
    public let kernelSize: Int
    public let padding: Padding
    public let stride: Int
    public let weight: Parameter<T> // (F, k, k, C)
    public let bias: Parameter<T>   // (F)
    public var parameters: [Parameter<T>] { [weight, bias] }
    public var computesInputGradient = true {
        didSet { if computesInputGradient != oldValue { oneDNNIsCurrent = false } }
    }
    /// y = max(conv(x) + b, 0) when a ReLU follows (set by `Sequential`).
    public internal(set) var appliesReLU = false {
        didSet { if appliesReLU != oldValue { oneDNNIsCurrent = false } }
    }
    /// How x and y lie in memory (set by `Sequential`; anything but NHWC needs oneDNN).
    public private(set) var layouts = (input: ActivationLayout.nhwc, output: ActivationLayout.nhwc)
    public let engine: ConvolutionEngine

    private let geometry: ConvGeometry
    private var columns = Workspace<T>()         // (N·Ho·Wo, k·k·C)
    private var columnGradient = Workspace<T>()  // (N·Ho·Wo, k·k·C)
    private var output = Workspace<T>()          // (N, Ho, Wo, F)
    private var inputGradient = Workspace<T>()   // (N, H, W, C)
    /// The last forward's input: oneDNN's backward-weights reads it (im2col keeps `columns` instead).
    private var input: Tensor<T>?
    private var batch = 0
    #if canImport(CDNNL)
    private var madeOneDNN: OneDNNConvolution?
    #else
    private var madeOneDNN: Never?
    #endif
    /// False when a setting changed since `madeOneDNN` was made: the primitives are remade on next use.
    private var oneDNNIsCurrent = false

    public init(inputShape: [Int], filters: Int, kernelSize: Int, padding: Padding, stride: Int = 1,
                engine: ConvolutionEngine = .preferred, generator: inout SeededGenerator) {
        precondition(inputShape.count == 3, "conv2d takes (H, W, C) inputs, got \(inputShape)")
        precondition(kernelSize % 2 == 1 && stride >= 1, "conv2d needs an odd kernel size and a positive stride, got \(kernelSize), \(stride)")
        let (h, w, c) = (inputShape[0], inputShape[1], inputShape[2])
        geometry = ConvGeometry(height: h, width: w, channels: c, kernel: kernelSize, padding: padding, stride: stride)
        precondition(geometry.outHeight > 0 && geometry.outWidth > 0, "a \(kernelSize)×\(kernelSize) valid conv does not fit \(h)×\(w)")
        self.inputShape = inputShape
        self.kernelSize = kernelSize
        self.padding = padding
        self.stride = stride
        outputShape = [geometry.outHeight, geometry.outWidth, filters]
        weight = Parameter(name: "kernel", shape: [filters, kernelSize, kernelSize, c])
        bias = Parameter(name: "bias", shape: [filters])
        // Keras: fan_in = k·k·C, fan_out = k·k·F.
        weight.fillGlorotUniform(fanIn: geometry.patchSize, fanOut: kernelSize * kernelSize * filters, generator: &generator)
        self.engine = engine
    }

    /// Sets the layouts of x and y. False, with both back to NHWC, when anything else is asked of
    /// a layer that does not run on oneDNN, or oneDNN has no primitive for them.
    func use(input: ActivationLayout, output: ActivationLayout) -> Bool {
        guard (input, output) != layouts else { return true }
        layouts = (input, output)
        oneDNNIsCurrent = false
        guard (input, output) != (.nhwc, .nhwc), !runsOnOneDNN else { return true }
        (layouts, oneDNNIsCurrent) = ((.nhwc, .nhwc), false)
        return false
    }

    #if canImport(CDNNL)
    private var oneDNN: OneDNNConvolution? {
        if !oneDNNIsCurrent { (madeOneDNN, oneDNNIsCurrent) = (makeOneDNN(), true) }
        return madeOneDNN
    }
    #else
    private var oneDNN: Never? { nil }
    #endif

    #if canImport(CDNNL)
    private func makeOneDNN() -> OneDNNConvolution? {
        guard engine != .im2col && T.self == Float.self else { return nil }
        return OneDNNConvolution(geometry: geometry, filters: outputShape[2], computesInputGradient: computesInputGradient,
                                 appliesReLU: appliesReLU, layouts: layouts, allowsWinograd: engine == .oneDNN)
    }
    #else
    private func makeOneDNN() -> Never? { nil }
    #endif

    /// True when this layer runs on oneDNN's primitives (else im2col + GEMM).
    public var runsOnOneDNN: Bool { oneDNN != nil }

    /// True when this layer is meant for oneDNN (Float, linked, not sent to im2col): whether
    /// oneDNN takes its shape is known only once the primitives are made (`runsOnOneDNN`).
    var isMeantForOneDNN: Bool {
        #if canImport(CDNNL)
        engine != .im2col && T.self == Float.self
        #else
        false
        #endif
    }

    /// True when this layer runs on oneDNN's Winograd convolution (see `OneDNNConvolution`).
    public var runsAsWinograd: Bool {
        #if canImport(CDNNL)
        oneDNN?.isWinograd ?? false
        #else
        false
        #endif
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        precondition(Array(x.shape.dropFirst()) == inputShape, "conv2d expects \(inputShape) per sample, got \(x.shape)")
        batch = x.batchSize
        let g = geometry, f = outputShape[2], pixels = batch * g.outPixels
        #if canImport(CDNNL)
        if let oneDNN {
            let y = output.view(batchShape(batch, outputShape))
            oneDNN.forward(x: floats(x.pointer), weights: floats(weight.value.pointer), bias: floats(bias.value.pointer),
                           y: floats(y.pointer), batch: batch)
            input = x
            return y
        }
        #endif
        let col = columns.view([pixels, g.patchSize])
        T.im2col(x.pointer, col.pointer, batch: batch, g)
        let y = output.view(batchShape(batch, outputShape))
        T.broadcastRows(bias.value.pointer, into: y.pointer, rows: pixels, columns: f)
        T.gemm(transposeA: false, transposeB: true, m: pixels, n: f, k: g.patchSize,
               alpha: 1, a: col.pointer, lda: g.patchSize, b: weight.value.pointer, ldb: g.patchSize,
               beta: 1, c: y.pointer, ldc: f)
        if appliesReLU { ReLU.rectify(y, into: y) }
        return y
    }

    public func backward(_ dy: Tensor<T>) -> Tensor<T> {
        let g = geometry, f = outputShape[2], pixels = batch * g.outPixels
        #if canImport(CDNNL)
        if let oneDNN, let x = input {
            let dx = inputGradient.view(batchShape(batch, inputShape))
            oneDNN.backward(x: floats(x.pointer), dy: floats(dy.pointer), weights: floats(weight.value.pointer),
                            weightGradient: floats(weight.gradient.pointer), biasGradient: floats(bias.gradient.pointer),
                            dx: computesInputGradient ? floats(dx.pointer) : nil, batch: batch)
            return dx
        }
        #endif
        let col = columns.view([pixels, g.patchSize])
        T.gemm(transposeA: true, transposeB: false, m: f, n: g.patchSize, k: pixels,
               alpha: 1, a: dy.pointer, lda: f, b: col.pointer, ldb: g.patchSize,
               beta: 0, c: weight.gradient.pointer, ldc: g.patchSize)
        T.columnSums(dy.pointer, rows: pixels, columns: f, into: bias.gradient.pointer)
        let dx = inputGradient.view(batchShape(batch, inputShape))
        guard computesInputGradient else { return dx }
        let dcol = columnGradient.view([pixels, g.patchSize])
        T.gemm(transposeA: false, transposeB: false, m: pixels, n: g.patchSize, k: f,
               alpha: 1, a: dy.pointer, lda: f, b: weight.value.pointer, ldb: g.patchSize,
               beta: 0, c: dcol.pointer, ldc: g.patchSize)
        T.col2im(dcol.pointer, dx.pointer, batch: batch, g)
        return dx
    }
}

/// Which implementation Conv2D<Float> uses. Double always uses im2col + GEMM (the gradient checks).
public enum ConvolutionEngine: String, Sendable, CaseIterable {
    /// oneDNN's primitives, Winograd where it pays (see `OneDNNConvolution`).
    case oneDNN
    /// oneDNN's primitives, direct convolution only: to compare with Winograd.
    case oneDNNDirect = "oneDNN-direct"
    /// im2col + GEMM, the portable path.
    case im2col

    /// oneDNN where it is linked, unless CONVLAB_CONVOLUTION names another engine (to compare them).
    public static var preferred: ConvolutionEngine {
        #if canImport(CDNNL)
        getenv("CONVLAB_CONVOLUTION").flatMap { ConvolutionEngine(rawValue: String(cString: $0)) } ?? .oneDNN
        #else
        .im2col
        #endif
    }
}

@inline(__always) func floats<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
}

/// The sizes of one convolution on (H, W, C) images: kernel k, zero padding and stride.
public struct ConvGeometry: Sendable {
    public let height, width, channels, kernel, pad, stride: Int

    public init(height: Int, width: Int, channels: Int, kernel: Int, padding: Padding, stride: Int = 1) {
        (self.height, self.width, self.channels, self.kernel, self.stride) = (height, width, channels, kernel, stride)
        pad = padding == .same ? kernel / 2 : 0
    }

    public var outHeight: Int { (height + 2 * pad - kernel) / stride + 1 }
    public var outWidth: Int { (width + 2 * pad - kernel) / stride + 1 }
    public var outPixels: Int { outHeight * outWidth }
    /// k·k·C: the length of one patch, ordered (ky, kx, c).
    public var patchSize: Int { kernel * kernel * channels }

    /// For output column ox, the kernel columns kx whose input column ox + kx − pad is inside.
    func validKernelColumns(ox: Int) -> Range<Int> {
        let x0 = ox * stride - pad   // input column under kernel column 0
        let first = max(0, -x0), last = min(kernel, width - x0)
        return first..<max(first, last)
    }
}

/// The loops of Conv2D, as requirements with default implementations in this file, so that
/// Float and Double each get a compiled copy (see `Scalar`). Internal to the engine.
public protocol ConvolutionKernels: BinaryFloatingPoint {
    /// col[n·Ho·Wo + oy·Wo + ox, (ky·k + kx)·C + c] = x[n, s·oy + ky − pad, s·ox + kx − pad, c], 0 outside.
    static func im2col(_ x: UnsafePointer<Self>, _ col: UnsafeMutablePointer<Self>, batch: Int, _ g: ConvGeometry)
    /// The adjoint of im2col: each dx element is the sum of the dcol entries it was copied to.
    static func col2im(_ dcol: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, batch: Int, _ g: ConvGeometry)
}

extension ConvolutionKernels {
    public static func im2col(_ x: UnsafePointer<Self>, _ col: UnsafeMutablePointer<Self>, batch: Int, _ g: ConvGeometry) {
        let c = g.channels, rowStride = g.width * c
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
                            from: image + iy * rowStride + (ox * g.stride + valid.lowerBound - g.pad) * c, count: valid.count * c)
                        (dst + valid.upperBound * c).update(repeating: 0, count: (g.kernel - valid.upperBound) * c)
                    }
                    row += g.patchSize
                }
            }
        }
    }

    public static func col2im(_ dcol: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, batch: Int, _ g: ConvGeometry) {
        let c = g.channels, rowStride = g.width * c
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
}

extension Float: ConvolutionKernels {}
extension Double: ConvolutionKernels {}

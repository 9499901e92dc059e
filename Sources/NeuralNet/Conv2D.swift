/// 2-D convolution, stride 1, odd kernel size k, `same` or `valid` padding, as im2col + GEMM.
///
/// With x (N, C, H, W), W (F, C, k, k) seen as a matrix (F, C·k·k), and the whole batch
/// unfolded into columns col (C·k·k, N·Ho·Wo):
///   forward   Y = W · col            (F, N·Ho·Wo), then y[n, f] = Y[f, n] + b[f]   (N, F, Ho, Wo)
///   backward  dW = dY · colᵀ,  db[f] = Σ dY[f, ·],  dcol = Wᵀ · dY,  dx = col2im(dcol)
/// One GEMM per pass for the whole batch keeps the matrices large enough for the library.
public final class Conv2D<T: Scalar>: Layer {
    public let kind = "conv2d"
    public let inputShape: [Int]    // (C, H, W)
    public let outputShape: [Int]   // (F, Ho, Wo)
    public let kernelSize: Int
    public let padding: Padding
    public let weight: Parameter<T> // (F, C, k, k)
    public let bias: Parameter<T>   // (F)
    public var parameters: [Parameter<T>] { [weight, bias] }
    public var computesInputGradient = true

    private var geometry: ConvGeometry
    private var columns = Workspace<T>()         // (C·k·k, N·Ho·Wo)
    private var channelMajor = Workspace<T>()    // (F, N·Ho·Wo): Y in forward, dY in backward
    private var columnGradient = Workspace<T>()  // (C·k·k, N·Ho·Wo)
    private var output = Workspace<T>()          // (N, F, Ho, Wo)
    private var inputGradient = Workspace<T>()   // (N, C, H, W)
    private var batch = 0

    public init(inputShape: [Int], filters: Int, kernelSize: Int, padding: Padding, generator: inout SeededGenerator) {
        precondition(inputShape.count == 3, "conv2d takes (C, H, W) inputs, got \(inputShape)")
        precondition(kernelSize % 2 == 1, "conv2d kernel size must be odd, got \(kernelSize)")
        let (c, h, w) = (inputShape[0], inputShape[1], inputShape[2])
        let pad = padding == .same ? kernelSize / 2 : 0
        geometry = ConvGeometry(channels: c, height: h, width: w, kernel: kernelSize, pad: pad)
        precondition(geometry.outHeight > 0 && geometry.outWidth > 0, "a \(kernelSize)×\(kernelSize) valid conv does not fit \(h)×\(w)")
        self.inputShape = inputShape
        self.kernelSize = kernelSize
        self.padding = padding
        outputShape = [filters, geometry.outHeight, geometry.outWidth]
        weight = Parameter(name: "kernel", shape: [filters, c, kernelSize, kernelSize])
        bias = Parameter(name: "bias", shape: [filters])
        // Keras: fan_in = C·k·k, fan_out = F·k·k.
        weight.fillGlorotUniform(fanIn: c * kernelSize * kernelSize, fanOut: filters * kernelSize * kernelSize, generator: &generator)
    }

    public func forward(_ x: Tensor<T>) -> Tensor<T> {
        precondition(Array(x.shape.dropFirst()) == inputShape, "conv2d expects \(inputShape) per sample, got \(x.shape)")
        batch = x.batchSize
        let g = geometry, f = outputShape[0], pixels = batch * g.outPixels
        let col = columns.view([g.patchSize, pixels])
        im2col(x.pointer, col.pointer, batch: batch, g)
        let y = channelMajor.view([f, pixels])
        T.gemm(transposeA: false, transposeB: false, m: f, n: pixels, k: g.patchSize,
               alpha: 1, a: weight.value.pointer, lda: g.patchSize, b: col.pointer, ldb: pixels,
               beta: 0, c: y.pointer, ldc: pixels)
        let out = output.view(batchShape(batch, outputShape))
        channelMajorToBatchMajor(y.pointer, out.pointer, bias: bias.value.pointer, channels: f, batch: batch, pixels: g.outPixels)
        return out
    }

    public func backward(_ dOut: Tensor<T>) -> Tensor<T> {
        let g = geometry, f = outputShape[0], pixels = batch * g.outPixels
        let dY = channelMajor.view([f, pixels])
        batchMajorToChannelMajor(dOut.pointer, dY.pointer, channels: f, batch: batch, pixels: g.outPixels)
        rowSums(dY.pointer, rows: f, columns: pixels, into: bias.gradient.pointer)
        let col = columns.view([g.patchSize, pixels])
        T.gemm(transposeA: false, transposeB: true, m: f, n: g.patchSize, k: pixels,
               alpha: 1, a: dY.pointer, lda: pixels, b: col.pointer, ldb: pixels,
               beta: 0, c: weight.gradient.pointer, ldc: g.patchSize)
        let dx = inputGradient.view(batchShape(batch, inputShape))
        guard computesInputGradient else { return dx }
        let dcol = columnGradient.view([g.patchSize, pixels])
        T.gemm(transposeA: true, transposeB: false, m: g.patchSize, n: pixels, k: f,
               alpha: 1, a: weight.value.pointer, lda: g.patchSize, b: dY.pointer, ldb: pixels,
               beta: 0, c: dcol.pointer, ldc: pixels)
        col2im(dcol.pointer, dx.pointer, batch: batch, g)
        return dx
    }
}

struct ConvGeometry {
    let channels, height, width, kernel, pad: Int
    var outHeight: Int { height + 2 * pad - kernel + 1 }
    var outWidth: Int { width + 2 * pad - kernel + 1 }
    var outPixels: Int { outHeight * outWidth }
    var patchSize: Int { channels * kernel * kernel }

    /// The output columns `ox` whose input column `ox + kx − pad` lies inside the image.
    func validColumns(kx: Int) -> Range<Int> {
        let shift = kx - pad
        return max(0, -shift)..<max(max(0, -shift), min(outWidth, width - shift))
    }
}

/// col[(c·k + ky)·k + kx, n·Ho·Wo + oy·Wo + ox] = x[n, c, oy + ky − pad, ox + kx − pad], 0 outside.
@_specialize(where T == Float)
func im2col<T: Scalar>(_ x: UnsafePointer<T>, _ col: UnsafeMutablePointer<T>, batch: Int, _ g: ConvGeometry) {
    let rowLength = batch * g.outPixels, imageSize = g.height * g.width
    for c in 0..<g.channels {
        for ky in 0..<g.kernel {
            for kx in 0..<g.kernel {
                let row = col + ((c * g.kernel + ky) * g.kernel + kx) * rowLength
                let valid = g.validColumns(kx: kx), shift = kx - g.pad
                for n in 0..<batch {
                    let plane = x + (n * g.channels + c) * imageSize
                    for oy in 0..<g.outHeight {
                        let dst = row + n * g.outPixels + oy * g.outWidth
                        let iy = oy + ky - g.pad
                        guard iy >= 0 && iy < g.height, !valid.isEmpty else {
                            dst.update(repeating: 0, count: g.outWidth)
                            continue
                        }
                        dst.update(repeating: 0, count: valid.lowerBound)
                        (dst + valid.lowerBound).update(from: plane + iy * g.width + valid.lowerBound + shift, count: valid.count)
                        (dst + valid.upperBound).update(repeating: 0, count: g.outWidth - valid.upperBound)
                    }
                }
            }
        }
    }
}

/// The adjoint of im2col: dx[n, c, iy, ix] = Σ of the dcol entries im2col copied it to.
@_specialize(where T == Float)
func col2im<T: Scalar>(_ dcol: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, batch: Int, _ g: ConvGeometry) {
    let rowLength = batch * g.outPixels, imageSize = g.height * g.width
    dx.update(repeating: 0, count: batch * g.channels * imageSize)
    for c in 0..<g.channels {
        for ky in 0..<g.kernel {
            for kx in 0..<g.kernel {
                let row = dcol + ((c * g.kernel + ky) * g.kernel + kx) * rowLength
                let valid = g.validColumns(kx: kx), shift = kx - g.pad
                for n in 0..<batch {
                    let plane = dx + (n * g.channels + c) * imageSize
                    for oy in 0..<g.outHeight {
                        let iy = oy + ky - g.pad
                        guard iy >= 0 && iy < g.height else { continue }
                        let src = row + n * g.outPixels + oy * g.outWidth
                        let dst = plane + iy * g.width + shift
                        for ox in valid { dst[ox] += src[ox] }
                    }
                }
            }
        }
    }
}

/// y[n, f, p] = Y[f, n·P + p] + b[f]: from the GEMM's (F, N·P) layout back to NCHW.
@_specialize(where T == Float)
func channelMajorToBatchMajor<T: Scalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, bias: UnsafePointer<T>, channels: Int, batch: Int, pixels: Int) {
    for n in 0..<batch {
        for f in 0..<channels {
            let from = src + (f * batch + n) * pixels, to = dst + (n * channels + f) * pixels
            let b = bias[f]
            for p in 0..<pixels { to[p] = from[p] + b }
        }
    }
}

/// dY[f, n·P + p] = dy[n, f, p].
@_specialize(where T == Float)
func batchMajorToChannelMajor<T: Scalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, channels: Int, batch: Int, pixels: Int) {
    for n in 0..<batch {
        for f in 0..<channels {
            (dst + (f * batch + n) * pixels).update(from: src + (n * channels + f) * pixels, count: pixels)
        }
    }
}

/// `sums` (rows) ← Σ over columns of `matrix` (rows × columns).
@_specialize(where T == Float)
func rowSums<T: Scalar>(_ matrix: UnsafePointer<T>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<T>) {
    for r in 0..<rows {
        let row = matrix + r * columns
        var s: T = 0
        for c in 0..<columns { s += row[c] }
        sums[r] = s
    }
}

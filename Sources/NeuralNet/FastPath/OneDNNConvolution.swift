#if canImport(CDNNL)
import CDNNL

/// Conv2D's three products on oneDNN's convolution primitives (Float, where oneDNN is present):
/// forward with bias (and ReLU, when folded in), backward-data and backward-weights with the bias
/// gradient. Activations come and go in the layouts `Sequential` planned (NHWC or channel
/// blocks, see `ActivationLayout`); the weights live in Conv2D as (F, k, k, C)
/// ("ohwi") and are reordered each step into the blocked layout the primitives choose — a few
/// thousand floats against the millions of a batch's activations. Measured on these cores
/// (AVX-512), the primitives beat im2col + sgemm (see the README); `Conv2D` falls back to im2col
/// when oneDNN cannot create them.
///
/// 3×3 stride-1 convolutions of 16 or more input channels run as Winograd F(4×4, 3×3) where
/// oneDNN has it: 2.25× fewer multiplications per output, and on cnn3's second layer all three
/// passes ran ~2× faster than direct, even with the activations reordered into and out of the
/// channel-blocked layout it needs. Its rounding differs from direct convolution's by ~1e-6 of
/// the output's scale. The 3-channel first layer stays direct (Winograd ran slower there).
final class OneDNNConvolution: ConvolutionBackend {
    private let geometry: ConvGeometry
    private let filters: Int
    /// Whether every plan makes its backward-data primitive up front (training needs dx), or
    /// only when dx is first asked for (a network's first layer).
    private let preparesInputGradient: Bool
    private let rectifiesOutput: Bool
    private let layouts: (input: ActivationLayout, output: ActivationLayout)
    private var algorithm: dnnl_alg_kind_t
    private let stream: dnnl_stream_t
    /// Primitives per batch size (training batches, the last short batch, evaluation batches).
    private var plans: [Int: Plan] = [:]

    init?(
        geometry: ConvGeometry, filters: Int, rectifiesOutput: Bool,
        layouts: (input: ActivationLayout, output: ActivationLayout),
        allowsWinograd: Bool, preparesInputGradient: Bool
    ) {
        guard let engine = OneDNN.engine else { return nil }
        var stream: dnnl_stream_t?
        guard dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success, let stream else {
            return nil
        }
        self.geometry = geometry
        self.filters = filters
        self.preparesInputGradient = preparesInputGradient
        self.rectifiesOutput = rectifiesOutput
        self.layouts = layouts
        self.stream = stream
        let g = geometry
        let winograd = allowsWinograd && g.kernel == 3 && g.stride == 1 && g.channels >= 16
        // Fail now, not in the first batch, if oneDNN offers no primitive for this shape.
        algorithm = winograd ? dnnl_convolution_winograd : dnnl_convolution_direct
        if (try? plan(batch: 1)) != nil { return }
        algorithm = dnnl_convolution_direct
        guard winograd, (try? plan(batch: 1)) != nil else { return nil }
    }

    /// True when this layer runs as Winograd.
    var isWinograd: Bool { algorithm == dnnl_convolution_winograd }

    deinit { dnnl_stream_destroy(stream) }

    /// y = conv(x, W) + b for a batch, in the planned layouts.
    func forward(
        x: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>,
        y: UnsafeMutablePointer<Float>, batch: Int
    ) {
        let p = try! plan(batch: batch)
        LibraryProfile.shared.measure(flops: 2 * multiplyAccumulates(batch: batch)) {
            forward(p, x: x, weights: weights, bias: bias, y: y)
        }
    }

    private func forward(
        _ p: Plan, x: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
        bias: UnsafeMutablePointer<Float>,
        y: UnsafeMutablePointer<Float>
    ) {
        p.userWeights.bind(weights)
        p.forwardWeights.copy(from: p.userWeights, on: stream)
        p.source.bind(x, pull: stream)
        p.bias.bind(bias)
        p.destination.bind(y)
        p.forward.run(
            [
                (DNNL_ARG_SRC, p.source.primitive), (DNNL_ARG_WEIGHTS, p.forwardWeights), (DNNL_ARG_BIAS, p.bias),
                (DNNL_ARG_DST, p.destination.primitive),
            ], on: stream)
        p.destination.push(on: stream)
        dnnl_stream_wait(stream)
    }

    /// dW, db and (when asked) dx from dy, for the batch `forward` last saw (x is that batch:
    /// where the primitives take another layout than the one handed over, forward's reordered copy is reused).
    func backward(
        x: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
        dx: UnsafeMutablePointer<Float>?, batch: Int
    ) {
        let p = try! plan(batch: batch)
        let products = dx != nil ? 2.0 : 1.0
        LibraryProfile.shared.measure(flops: 2 * products * multiplyAccumulates(batch: batch)) {
            backward(
                p, x: x, dy: dy, weights: weights, weightGradient: weightGradient, biasGradient: biasGradient, dx: dx)
        }
    }

    private func backward(
        _ p: Plan, x: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>,
        weights: UnsafeMutablePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
        dx: UnsafeMutablePointer<Float>?
    ) {
        p.source.bind(x)
        p.destinationGradient.bind(dy, pull: stream)
        p.biasGradient.bind(biasGradient)
        p.backwardWeights.run(
            [
                (DNNL_ARG_SRC, p.source.primitive), (DNNL_ARG_DIFF_DST, p.destinationGradient.primitive),
                (DNNL_ARG_DIFF_WEIGHTS, p.weightGradient), (DNNL_ARG_DIFF_BIAS, p.biasGradient),
            ], on: stream)
        p.userWeightGradient.bind(weightGradient)
        p.userWeightGradient.copy(from: p.weightGradient, on: stream)
        if let dx {
            guard let data = try? p.dataGradient() else {
                preconditionFailure(
                    "oneDNN has no backward-data primitive for this convolution; use the im2col engine for input "
                        + "gradients"
                )
            }
            p.userWeights.bind(weights)
            data.weights.copy(from: p.userWeights, on: stream)
            data.sourceGradient.bind(dx)
            data.primitive.run(
                [
                    (DNNL_ARG_DIFF_DST, p.destinationGradient.primitive), (DNNL_ARG_WEIGHTS, data.weights),
                    (DNNL_ARG_DIFF_SRC, data.sourceGradient.primitive),
                ], on: stream)
            data.sourceGradient.push(on: stream)
        }
        dnnl_stream_wait(stream)
    }

    private func multiplyAccumulates(batch: Int) -> Double {
        Double(batch * geometry.outPixels * filters * geometry.patchSize)
    }

    private func plan(batch: Int) throws -> Plan {
        if let p = plans[batch] { return p }
        let p = try Plan(
            geometry, filters: filters, batch: batch, algorithm: algorithm, rectifiesOutput: rectifiesOutput,
            layouts: layouts, engine: OneDNN.engine!)
        if preparesInputGradient { _ = try p.dataGradient() }
        plans[batch] = p
        return p
    }
}

private typealias Activation = OneDNN.Activation
private typealias Memory = OneDNN.Memory
private typealias Primitive = OneDNN.Primitive
private typealias PrimitiveDescriptor = OneDNN.PrimitiveDescriptor

/// The primitives and memory objects of one convolution at one batch size.
private final class Plan {
    let forward: Primitive, backwardWeights: Primitive
    let source, destination, destinationGradient: Activation
    let bias, biasGradient: Memory
    /// The weights as Conv2D keeps them (ohwi) and as each primitive wants them.
    let userWeights, forwardWeights, weightGradient, userWeightGradient: Memory
    /// Makes the backward-data part: only when dx is wanted (a first layer's never is in training).
    private let makeDataGradient: () throws -> DataGradient
    private var madeDataGradient: DataGradient?

    /// Backward-data's primitive, its copy of the weights, and dx.
    struct DataGradient {
        let primitive: Primitive
        let weights: Memory
        let sourceGradient: Activation
    }

    init(
        _ g: ConvGeometry, filters: Int, batch: Int, algorithm: dnnl_alg_kind_t, rectifiesOutput: Bool,
        layouts: (input: ActivationLayout, output: ActivationLayout), engine: dnnl_engine_t
    ) throws {
        var d = try Descriptors(g, filters: filters, batch: batch, algorithm: algorithm, layouts: layouts)
        let (userSource, userDestination, ohwi, b) = (d.userSource, d.userDestination, d.ohwi, d.bias)
        let (strides, left, right) = (d.strides, d.left, d.right)

        var forwardDesc = dnnl_convolution_desc_t()
        try OneDNN.check(
            dnnl_convolution_forward_desc_init(
                &forwardDesc, dnnl_forward_training, algorithm, &d.src, &d.anyWeights, &d.bias, &d.dst,
                strides, left, right), "convolution_forward_desc_init")
        let forwardPD = try PrimitiveDescriptor(&forwardDesc, engine: engine, hint: nil, appliesReLU: rectifiesOutput)
        var weightsDesc = dnnl_convolution_desc_t()
        try OneDNN.check(
            dnnl_convolution_backward_weights_desc_init(
                &weightsDesc, algorithm, &d.src, &d.anyWeights, &d.bias, &d.dst,
                strides, left, right), "convolution_backward_weights_desc_init")
        let weightsPD = try PrimitiveDescriptor(&weightsDesc, engine: engine, hint: forwardPD)
        forward = try Primitive(forwardPD, engine: engine)
        backwardWeights = try Primitive(weightsPD, engine: engine)
        // Backward-weights reads forward's copy of x, so the two must agree on its layout.
        guard forwardPD.md(dnnl_query_src_md) == weightsPD.md(dnnl_query_src_md) else {
            throw OneDNN.Failure(call: "backward-weights wants x in another layout than forward")
        }

        source = try Activation(userSource, primitive: forwardPD.md(dnnl_query_src_md), engine: engine)
        destination = try Activation(userDestination, primitive: forwardPD.md(dnnl_query_dst_md), engine: engine)
        destinationGradient = try Activation(
            userDestination, primitive: weightsPD.md(dnnl_query_diff_dst_md), engine: engine)
        bias = try Memory(b, engine: engine, owned: false)
        biasGradient = try Memory(b, engine: engine, owned: false)
        userWeights = try Memory(ohwi, engine: engine, owned: false)
        userWeightGradient = try Memory(ohwi, engine: engine, owned: false)
        forwardWeights = try Memory(forwardPD.md(dnnl_query_weights_md), engine: engine, owned: true)
        weightGradient = try Memory(weightsPD.md(dnnl_query_diff_weights_md), engine: engine, owned: true)

        makeDataGradient = {
            var dataDesc = dnnl_convolution_desc_t()
            try OneDNN.check(
                dnnl_convolution_backward_data_desc_init(
                    &dataDesc, algorithm, &d.src, &d.anyWeights, &d.dst,
                    strides, left, right), "convolution_backward_data_desc_init")
            let dataPD = try PrimitiveDescriptor(&dataDesc, engine: engine, hint: forwardPD)
            // Backward-data reads the dy that backward-weights' layout holds.
            guard dataPD.md(dnnl_query_diff_dst_md) == weightsPD.md(dnnl_query_diff_dst_md) else {
                throw OneDNN.Failure(call: "backward-data wants dy in another layout than backward-weights")
            }
            return DataGradient(
                primitive: try Primitive(dataPD, engine: engine),
                weights: try Memory(dataPD.md(dnnl_query_weights_md), engine: engine, owned: true),
                sourceGradient: try Activation(userSource, primitive: dataPD.md(dnnl_query_diff_src_md), engine: engine)
            )
        }
    }

    /// The backward-data part, made on first use.
    func dataGradient() throws -> DataGradient {
        if let madeDataGradient { return madeDataGradient }
        let made = try makeDataGradient()
        madeDataGradient = made
        return made
    }
}

/// The memory descriptors and geometry of one convolution at one batch size, as oneDNN takes them.
private struct Descriptors {
    /// The tensors as the engine hands them over (its layouts), the weights as Conv2D keeps them (ohwi).
    let userSource, userDestination, ohwi: dnnl_memory_desc_t
    /// As the primitives are asked to take them (`any`: their choice).
    var src, dst, anyWeights, bias: dnnl_memory_desc_t
    let strides, left, right: [Int64]

    init(
        _ g: ConvGeometry, filters: Int, batch: Int, algorithm: dnnl_alg_kind_t,
        layouts: (input: ActivationLayout, output: ActivationLayout)
    ) throws {
        func md(_ dims: [Int], _ tag: dnnl_format_tag_t) throws -> dnnl_memory_desc_t {
            var d = dnnl_memory_desc_t()
            try OneDNN.check(
                dnnl_memory_desc_init_by_tag(&d, Int32(dims.count), dims.map(Int64.init), dnnl_f32, tag),
                "memory_desc_init_by_tag")
            return d
        }
        let (n, c, f, k) = (batch, g.channels, filters, g.kernel)
        func tag(_ layout: ActivationLayout) -> dnnl_format_tag_t { layout == .nhwc ? dnnl_nhwc : dnnl_nChw16c }
        // Winograd picks its own layouts; direct convolution takes the engine's, except that a first
        // layer of a few channels writing channel blocks reads planar (NCHW) input fastest.
        userSource = try md([n, c, g.height, g.width], tag(layouts.input))
        userDestination = try md([n, f, g.outHeight, g.outWidth], tag(layouts.output))
        let direct = algorithm == dnnl_convolution_direct
        let sourceTag =
            !direct
            ? dnnl_format_tag_any
            : c < ActivationLayout.blockSize && layouts.output != .nhwc ? dnnl_nchw : tag(layouts.input)
        src = try md([n, c, g.height, g.width], sourceTag)
        dst = try md([n, f, g.outHeight, g.outWidth], direct ? tag(layouts.output) : dnnl_format_tag_any)
        ohwi = try md([f, c, k, k], dnnl_ohwi)
        anyWeights = try md([f, c, k, k], dnnl_format_tag_any)
        bias = try md([f], dnnl_x)
        strides = [Int64(g.stride), Int64(g.stride)]
        left = [Int64(g.pad), Int64(g.pad)]
        // The bottom/right padding that makes oneDNN's output size ours: (H − k + l + r)/s + 1 = Ho.
        right = [
            Int64((g.outHeight - 1) * g.stride + k - g.height - g.pad),
            Int64((g.outWidth - 1) * g.stride + k - g.width - g.pad),
        ]
    }
}

#endif

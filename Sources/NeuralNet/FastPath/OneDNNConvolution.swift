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

    /// One CPU engine for the process; oneDNN engines may be shared between threads.
    private struct Engine: @unchecked Sendable { let handle: dnnl_engine_t }
    private static let shared: Engine? = {
        var engine: dnnl_engine_t?
        return dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success ? engine.map(Engine.init) : nil
    }()

    init?(
        geometry: ConvGeometry, filters: Int, rectifiesOutput: Bool,
        layouts: (input: ActivationLayout, output: ActivationLayout),
        allowsWinograd: Bool, preparesInputGradient: Bool
    ) {
        guard let engine = Self.shared?.handle else { return nil }
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
                    "oneDNN has no backward-data primitive for this convolution; use the im2col engine for input gradients"
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
            layouts: layouts, engine: Self.shared!.handle)
        if preparesInputGradient { _ = try p.dataGradient() }
        plans[batch] = p
        return p
    }
}

struct OneDNNError: Error { let call: String }

/// Runs a oneDNN call; throws on anything but success.
private func check(_ status: dnnl_status_t, _ call: String) throws {
    guard status == dnnl_success else { throw OneDNNError(call: call) }
}

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
        try check(
            dnnl_convolution_forward_desc_init(
                &forwardDesc, dnnl_forward_training, algorithm, &d.src, &d.anyWeights, &d.bias, &d.dst,
                strides, left, right), "convolution_forward_desc_init")
        let forwardPD = try PrimitiveDescriptor(&forwardDesc, engine: engine, hint: nil, appliesReLU: rectifiesOutput)
        var weightsDesc = dnnl_convolution_desc_t()
        try check(
            dnnl_convolution_backward_weights_desc_init(
                &weightsDesc, algorithm, &d.src, &d.anyWeights, &d.bias, &d.dst,
                strides, left, right), "convolution_backward_weights_desc_init")
        let weightsPD = try PrimitiveDescriptor(&weightsDesc, engine: engine, hint: forwardPD)
        forward = try Primitive(forwardPD, engine: engine)
        backwardWeights = try Primitive(weightsPD, engine: engine)
        // Backward-weights reads forward's copy of x, so the two must agree on its layout.
        guard forwardPD.md(dnnl_query_src_md) == weightsPD.md(dnnl_query_src_md) else {
            throw OneDNNError(call: "backward-weights wants x in another layout than forward")
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
            try check(
                dnnl_convolution_backward_data_desc_init(
                    &dataDesc, algorithm, &d.src, &d.anyWeights, &d.dst,
                    strides, left, right), "convolution_backward_data_desc_init")
            let dataPD = try PrimitiveDescriptor(&dataDesc, engine: engine, hint: forwardPD)
            // Backward-data reads the dy that backward-weights' layout holds.
            guard dataPD.md(dnnl_query_diff_dst_md) == weightsPD.md(dnnl_query_diff_dst_md) else {
                throw OneDNNError(call: "backward-data wants dy in another layout than backward-weights")
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
            try check(
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
            !direct ? dnnl_format_tag_any
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

/// An activation tensor as the engine hands it over (in a caller's buffer bound per call) and,
/// when a primitive wants another layout, a copy in that layout that oneDNN reorders to and from.
private final class Activation {
    private let user: Memory
    private let converted: Memory?
    /// What the primitive reads or writes.
    var primitive: Memory { converted ?? user }

    init(_ handedOver: dnnl_memory_desc_t, primitive layout: dnnl_memory_desc_t, engine: dnnl_engine_t) throws {
        user = try Memory(handedOver, engine: engine, owned: false)
        converted = handedOver == layout ? nil : try Memory(layout, engine: engine, owned: true)
    }

    /// Binds the caller's buffer; with `pull`, also brings its contents into the primitive's layout.
    func bind(_ pointer: UnsafeMutablePointer<Float>, pull stream: dnnl_stream_t? = nil) {
        user.bind(pointer)
        if let stream, let converted { converted.copy(from: user, on: stream) }
    }

    /// Brings what the primitive wrote back into the caller's buffer.
    func push(on stream: dnnl_stream_t) {
        if let converted { user.copy(from: converted, on: stream) }
    }
}

private func == (a: dnnl_memory_desc_t, b: dnnl_memory_desc_t) -> Bool {
    var (a, b) = (a, b)
    return dnnl_memory_desc_equal(&a, &b) != 0
}

private final class PrimitiveDescriptor {
    let handle: dnnl_primitive_desc_t

    init(
        _ desc: UnsafeMutablePointer<dnnl_convolution_desc_t>, engine: dnnl_engine_t, hint: PrimitiveDescriptor?,
        appliesReLU: Bool = false
    ) throws {
        let attributes = try Self.attributes()
        defer { dnnl_primitive_attr_destroy(attributes) }
        if appliesReLU {
            // max(y, 0) on the output as it leaves the kernel's registers: alpha 0 is plain ReLU.
            var postOps: dnnl_post_ops_t?
            try check(dnnl_post_ops_create(&postOps), "post_ops_create")
            defer { dnnl_post_ops_destroy(postOps) }
            try check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_relu, 0, 0), "post_ops_append_eltwise")
            try check(dnnl_primitive_attr_set_post_ops(attributes, postOps), "primitive_attr_set_post_ops")
        }
        var pd: dnnl_primitive_desc_t?
        try check(dnnl_primitive_desc_create(&pd, desc, attributes, engine, hint?.handle), "primitive_desc_create")
        handle = pd!
    }

    /// A reorder from one layout to another.
    init(
        reorderFrom source: UnsafePointer<dnnl_memory_desc_t>, to destination: UnsafePointer<dnnl_memory_desc_t>,
        engine: dnnl_engine_t
    ) throws {
        let attributes = try Self.attributes()
        defer { dnnl_primitive_attr_destroy(attributes) }
        var pd: dnnl_primitive_desc_t?
        try check(
            dnnl_reorder_primitive_desc_create(&pd, source, engine, destination, engine, attributes),
            "reorder_primitive_desc_create")
        handle = pd!
    }

    deinit { dnnl_primitive_desc_destroy(handle) }

    /// Each primitive gets its own scratch memory (see `Primitive`): by default oneDNN shares one
    /// between primitives, and two models trained on two threads at once (the tests do) then
    /// overwrite each other's Winograd transforms.
    private static func attributes() throws -> dnnl_primitive_attr_t {
        var attributes: dnnl_primitive_attr_t?
        try check(dnnl_primitive_attr_create(&attributes), "primitive_attr_create")
        try check(
            dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user),
            "primitive_attr_set_scratchpad_mode")
        return attributes!
    }

    func md(_ what: dnnl_query_t) -> dnnl_memory_desc_t { dnnl_primitive_desc_query_md(handle, what, 0).pointee }
}

private final class Primitive {
    let handle: dnnl_primitive_t
    /// The primitive's own scratch memory, if it needs any.
    private let scratchpad: Memory?

    init(_ pd: PrimitiveDescriptor, engine: dnnl_engine_t) throws {
        var p: dnnl_primitive_t?
        try check(dnnl_primitive_create(&p, pd.handle), "primitive_create")
        handle = p!
        var md = pd.md(dnnl_query_scratchpad_md)
        scratchpad = dnnl_memory_desc_get_size(&md) > 0 ? try Memory(md, engine: engine, owned: true) : nil
    }

    deinit { dnnl_primitive_destroy(handle) }

    func run(_ arguments: [(Int32, Memory)], on stream: dnnl_stream_t) {
        let args = (arguments + (scratchpad.map { [(DNNL_ARG_SCRATCHPAD, $0)] } ?? [])).map {
            dnnl_exec_arg_t(arg: $0.0, memory: $0.1.handle)
        }
        let status = dnnl_primitive_execute(handle, stream, Int32(args.count), args)
        precondition(status == dnnl_success, "a oneDNN primitive failed to run (status \(status.rawValue))")
    }
}

/// A oneDNN memory object over either a caller's buffer (bound per call) or its own.
private final class Memory {
    let handle: dnnl_memory_t
    var descriptor: dnnl_memory_desc_t
    private let storage: UnsafeMutableRawPointer?
    private let engine: dnnl_engine_t
    /// The reorder from another memory into this one, made on first use.
    private var reorders: [ObjectIdentifier: Primitive] = [:]

    init(_ md: dnnl_memory_desc_t, engine: dnnl_engine_t, owned: Bool) throws {
        descriptor = md
        self.engine = engine
        storage =
            owned
            ? UnsafeMutableRawPointer.allocate(byteCount: max(dnnl_memory_desc_get_size(&descriptor), 1), alignment: 64)
            : nil
        var m: dnnl_memory_t?
        try check(dnnl_memory_create(&m, &descriptor, engine, storage), "memory_create")
        handle = m!
    }

    deinit {
        dnnl_memory_destroy(handle)
        storage?.deallocate()
    }

    func bind(_ pointer: UnsafeMutablePointer<Float>) {
        dnnl_memory_set_data_handle(handle, pointer)
    }

    /// This memory := `other`, converting the layout (a no-op copy is skipped when both are the same buffer layout).
    func copy(from other: Memory, on stream: dnnl_stream_t) {
        let key = ObjectIdentifier(other)
        if reorders[key] == nil {
            // Between layouts of one tensor oneDNN always has a reorder; failing here is a bug.
            reorders[key] = try! Primitive(
                PrimitiveDescriptor(reorderFrom: &other.descriptor, to: &descriptor, engine: engine), engine: engine)
        }
        reorders[key]!.run([(DNNL_ARG_FROM, other), (DNNL_ARG_TO, self)], on: stream)
    }
}
#endif

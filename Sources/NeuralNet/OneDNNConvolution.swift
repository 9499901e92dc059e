#if canImport(CDNNL)
import CDNNL

/// Conv2D's three products on oneDNN's convolution primitives (Float, where oneDNN is present):
/// forward with bias, backward-data and backward-weights with the bias gradient. Activations stay
/// NHWC, as the rest of the engine keeps them; the weights live in Conv2D as (F, k, k, C) ("ohwi")
/// and are reordered each step into the blocked layout the primitives choose — a few thousand
/// floats against the millions of a batch's activations. Measured on these cores (AVX-512), the
/// primitives beat im2col + sgemm (see the README); `Conv2D` falls back to im2col when oneDNN
/// cannot create them.
final class OneDNNConvolution {
    private let geometry: ConvGeometry
    private let filters: Int
    private let computesInputGradient: Bool
    private let stream: dnnl_stream_t
    /// Primitives per batch size (training batches, the last short batch, evaluation batches).
    private var plans: [Int: Plan] = [:]

    /// One CPU engine for the process; oneDNN engines may be shared between threads.
    private struct Engine: @unchecked Sendable { let handle: dnnl_engine_t }
    private static let shared: Engine? = {
        var engine: dnnl_engine_t?
        return dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success ? engine.map(Engine.init) : nil
    }()

    init?(geometry: ConvGeometry, filters: Int, computesInputGradient: Bool) {
        guard let engine = Self.shared?.handle else { return nil }
        var stream: dnnl_stream_t?
        guard dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success, let stream else { return nil }
        self.geometry = geometry
        self.filters = filters
        self.computesInputGradient = computesInputGradient
        self.stream = stream
        // Fail now, not in the first batch, if oneDNN offers no primitive for this shape.
        guard (try? plan(batch: 1)) != nil else { return nil }
    }

    deinit { dnnl_stream_destroy(stream) }

    /// y = conv(x, W) + b for a batch, NHWC in and out.
    func forward(x: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>,
                 y: UnsafeMutablePointer<Float>, batch: Int) {
        let p = try! plan(batch: batch)
        p.userWeights.bind(weights)
        p.forwardWeights.copy(from: p.userWeights, on: stream)
        p.source.bind(x)
        p.bias.bind(bias)
        p.destination.bind(y)
        p.forward.run([(DNNL_ARG_SRC, p.source), (DNNL_ARG_WEIGHTS, p.forwardWeights), (DNNL_ARG_BIAS, p.bias), (DNNL_ARG_DST, p.destination)], on: stream)
        dnnl_stream_wait(stream)
    }

    /// dW, db and (when asked) dx from dy, for the batch `forward` last saw.
    func backward(x: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
                  weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        let p = try! plan(batch: batch)
        p.source.bind(x)
        p.destinationGradient.bind(dy)
        p.biasGradient.bind(biasGradient)
        p.backwardWeights.run([(DNNL_ARG_SRC, p.source), (DNNL_ARG_DIFF_DST, p.destinationGradient),
                               (DNNL_ARG_DIFF_WEIGHTS, p.weightGradient), (DNNL_ARG_DIFF_BIAS, p.biasGradient)], on: stream)
        p.userWeightGradient.bind(weightGradient)
        p.userWeightGradient.copy(from: p.weightGradient, on: stream)
        if let dx, let backwardData = p.backwardData, let dataWeights = p.backwardDataWeights {
            p.userWeights.bind(weights)
            dataWeights.copy(from: p.userWeights, on: stream)
            p.sourceGradient.bind(dx)
            backwardData.run([(DNNL_ARG_DIFF_DST, p.destinationGradient), (DNNL_ARG_WEIGHTS, dataWeights), (DNNL_ARG_DIFF_SRC, p.sourceGradient)],
                             on: stream)
        }
        dnnl_stream_wait(stream)
    }

    private func plan(batch: Int) throws -> Plan {
        if let p = plans[batch] { return p }
        let p = try Plan(geometry, filters: filters, batch: batch, computesInputGradient: computesInputGradient, engine: Self.shared!.handle)
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
    let forward: Primitive, backwardWeights: Primitive, backwardData: Primitive?
    let source, destination, bias, destinationGradient, biasGradient, sourceGradient: Memory
    /// The weights as Conv2D keeps them (ohwi) and as each primitive wants them.
    let userWeights, forwardWeights, weightGradient, userWeightGradient: Memory
    let backwardDataWeights: Memory?

    init(_ g: ConvGeometry, filters: Int, batch: Int, computesInputGradient: Bool, engine: dnnl_engine_t) throws {
        func md(_ dims: [Int], _ tag: dnnl_format_tag_t) throws -> dnnl_memory_desc_t {
            var d = dnnl_memory_desc_t()
            try check(dnnl_memory_desc_init_by_tag(&d, Int32(dims.count), dims.map(Int64.init), dnnl_f32, tag), "memory_desc_init_by_tag")
            return d
        }
        let (n, c, f, k) = (batch, g.channels, filters, g.kernel)
        var src = try md([n, c, g.height, g.width], dnnl_nhwc), dst = try md([n, f, g.outHeight, g.outWidth], dnnl_nhwc)
        let ohwi = try md([f, c, k, k], dnnl_ohwi)
        var anyWeights = try md([f, c, k, k], dnnl_format_tag_any), b = try md([f], dnnl_x)
        let strides = [Int64(g.stride), Int64(g.stride)], left = [Int64(g.pad), Int64(g.pad)]
        // The bottom/right padding that makes oneDNN's output size ours: (H − k + l + r)/s + 1 = Ho.
        let right = [Int64((g.outHeight - 1) * g.stride + k - g.height - g.pad), Int64((g.outWidth - 1) * g.stride + k - g.width - g.pad)]

        var forwardDesc = dnnl_convolution_desc_t()
        try check(dnnl_convolution_forward_desc_init(&forwardDesc, dnnl_forward_training, dnnl_convolution_direct, &src, &anyWeights, &b, &dst,
                                                      strides, left, right), "convolution_forward_desc_init")
        let forwardPD = try PrimitiveDescriptor(&forwardDesc, engine: engine, hint: nil)
        var weightsDesc = dnnl_convolution_desc_t()
        try check(dnnl_convolution_backward_weights_desc_init(&weightsDesc, dnnl_convolution_direct, &src, &anyWeights, &b, &dst,
                                                               strides, left, right), "convolution_backward_weights_desc_init")
        let weightsPD = try PrimitiveDescriptor(&weightsDesc, engine: engine, hint: forwardPD)
        forward = try Primitive(forwardPD)
        backwardWeights = try Primitive(weightsPD)

        source = try Memory(src, engine: engine, owned: false)
        destination = try Memory(dst, engine: engine, owned: false)
        destinationGradient = try Memory(dst, engine: engine, owned: false)
        bias = try Memory(b, engine: engine, owned: false)
        biasGradient = try Memory(b, engine: engine, owned: false)
        sourceGradient = try Memory(src, engine: engine, owned: false)
        userWeights = try Memory(ohwi, engine: engine, owned: false)
        userWeightGradient = try Memory(ohwi, engine: engine, owned: false)
        forwardWeights = try Memory(forwardPD.md(dnnl_query_weights_md), engine: engine, owned: true)
        weightGradient = try Memory(weightsPD.md(dnnl_query_diff_weights_md), engine: engine, owned: true)

        if computesInputGradient {
            var dataDesc = dnnl_convolution_desc_t()
            try check(dnnl_convolution_backward_data_desc_init(&dataDesc, dnnl_convolution_direct, &src, &anyWeights, &dst,
                                                                strides, left, right), "convolution_backward_data_desc_init")
            let dataPD = try PrimitiveDescriptor(&dataDesc, engine: engine, hint: forwardPD)
            backwardData = try Primitive(dataPD)
            backwardDataWeights = try Memory(dataPD.md(dnnl_query_weights_md), engine: engine, owned: true)
        } else {
            backwardData = nil
            backwardDataWeights = nil
        }
    }
}

private final class PrimitiveDescriptor {
    let handle: dnnl_primitive_desc_t

    init(_ desc: UnsafeMutablePointer<dnnl_convolution_desc_t>, engine: dnnl_engine_t, hint: PrimitiveDescriptor?) throws {
        var pd: dnnl_primitive_desc_t?
        try check(dnnl_primitive_desc_create(&pd, desc, nil, engine, hint?.handle), "primitive_desc_create")
        handle = pd!
    }

    deinit { dnnl_primitive_desc_destroy(handle) }

    func md(_ what: dnnl_query_t) -> dnnl_memory_desc_t { dnnl_primitive_desc_query_md(handle, what, 0).pointee }
}

private final class Primitive {
    let handle: dnnl_primitive_t

    init(_ pd: PrimitiveDescriptor) throws {
        var p: dnnl_primitive_t?
        try check(dnnl_primitive_create(&p, pd.handle), "primitive_create")
        handle = p!
    }

    deinit { dnnl_primitive_destroy(handle) }

    func run(_ arguments: [(Int32, Memory)], on stream: dnnl_stream_t) {
        let args = arguments.map { dnnl_exec_arg_t(arg: $0.0, memory: $0.1.handle) }
        let status = dnnl_primitive_execute(handle, stream, Int32(args.count), args)
        precondition(status == dnnl_success, "oneDNN convolution failed to run (status \(status.rawValue))")
    }
}

/// A oneDNN memory object over either a caller's buffer (bound per call) or its own.
private final class Memory {
    let handle: dnnl_memory_t
    var descriptor: dnnl_memory_desc_t
    private let storage: UnsafeMutableRawPointer?
    private let engine: dnnl_engine_t
    /// The reorder from another memory into this one, made on first use.
    private var reorders: [ObjectIdentifier: dnnl_primitive_t] = [:]

    init(_ md: dnnl_memory_desc_t, engine: dnnl_engine_t, owned: Bool) throws {
        descriptor = md
        self.engine = engine
        storage = owned ? UnsafeMutableRawPointer.allocate(byteCount: max(dnnl_memory_desc_get_size(&descriptor), 1), alignment: 64) : nil
        var m: dnnl_memory_t?
        try check(dnnl_memory_create(&m, &descriptor, engine, storage), "memory_create")
        handle = m!
    }

    deinit {
        for r in reorders.values { dnnl_primitive_destroy(r) }
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
            var pd: dnnl_primitive_desc_t?, primitive: dnnl_primitive_t?
            precondition(dnnl_reorder_primitive_desc_create(&pd, &other.descriptor, engine, &descriptor, engine, nil) == dnnl_success
                         && dnnl_primitive_create(&primitive, pd) == dnnl_success, "oneDNN cannot reorder these weights")
            dnnl_primitive_desc_destroy(pd)
            reorders[key] = primitive!
        }
        var args = [dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: other.handle), dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: handle)]
        let status = dnnl_primitive_execute(reorders[key]!, stream, 2, &args)
        precondition(status == dnnl_success, "oneDNN reorder failed (status \(status.rawValue))")
    }
}
#endif

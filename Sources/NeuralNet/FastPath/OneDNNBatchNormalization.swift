#if canImport(CDNNL)
import CDNNL

/// Batch normalisation on oneDNN's primitive (Float, where oneDNN is present): one pass for the
/// statistics and one for the output in training, one pass backward, on both cores and in the
/// activations' own layout (NHWC or channel blocks; (N, C) after a dense layer as (N, C, 1, 1)), so a conv's
/// channel blocks pass through it. A folded ReLU runs inside the primitive ("fuse_norm_relu"):
/// forward keeps a bit mask of the positive outputs, backward applies it to dy.
final class OneDNNBatchNormalization: BatchNormalizationBackend {
    private let dimensions: [Int64]  // (N, C, H, W), N filled in per batch size
    private let tag: dnnl_format_tag_t
    private let epsilon: Float
    private let rectifiesOutput: Bool
    private let stream: dnnl_stream_t
    /// Primitives per batch size and kind of statistics.
    private var plans: [PlanKey: Plan] = [:]

    private struct PlanKey: Hashable {
        let batch: Int
        let usesBatchStatistics: Bool
    }

    init?(shape: [Int], layout: ActivationLayout, epsilon: Float, rectifiesOutput: Bool) {
        guard let engine = OneDNN.engine else { return nil }
        var stream: dnnl_stream_t?
        guard dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success, let stream else {
            return nil
        }
        self.stream = stream
        switch shape.count {
        case 3:
            dimensions = [0, Int64(shape[2]), Int64(shape[0]), Int64(shape[1])]
            tag = layout == .nhwc ? dnnl_nhwc : dnnl_nChw16c
        case 1:
            // (N, C) as (N, C, 1, 1) images: oneDNN's generic 2-D kernel refused to run backward.
            guard layout == .nhwc else { return nil }
            dimensions = [0, Int64(shape[0]), 1, 1]
            tag = dnnl_nhwc
        default:
            return nil
        }
        self.epsilon = epsilon
        self.rectifiesOutput = rectifiesOutput
        // Fail now, not in the first batch, if oneDNN offers no primitive for this shape.
        guard (try? plan(batch: 2, usesBatchStatistics: true)) != nil else { return nil }
    }

    deinit { dnnl_stream_destroy(stream) }

    func forward(
        x: UnsafeMutablePointer<Float>, gamma: UnsafeMutablePointer<Float>, beta: UnsafeMutablePointer<Float>,
        mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>,
        batch: Int, usesBatchStatistics: Bool
    ) {
        let p = try! plan(batch: batch, usesBatchStatistics: usesBatchStatistics)
        p.bind([(p.source, x), (p.scale, gamma), (p.shift, beta), (p.mean, mean), (p.variance, variance)])
        p.bind([(p.destination, y)])
        p.forward.run(
            [
                (DNNL_ARG_SRC, p.source), (DNNL_ARG_SCALE, p.scale), (DNNL_ARG_SHIFT, p.shift),
                (DNNL_ARG_MEAN, p.mean), (DNNL_ARG_VARIANCE, p.variance), (DNNL_ARG_DST, p.destination),
            ] + p.workspaceArgument, on: stream)
        dnnl_stream_wait(stream)
    }

    func backward(
        x: UnsafeMutablePointer<Float>, dy: UnsafeMutablePointer<Float>, gamma: UnsafeMutablePointer<Float>,
        beta: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>,
        gammaGradient: UnsafeMutablePointer<Float>, betaGradient: UnsafeMutablePointer<Float>,
        dx: UnsafeMutablePointer<Float>, batch: Int, usesBatchStatistics: Bool
    ) {
        let p = try! plan(batch: batch, usesBatchStatistics: usesBatchStatistics)
        p.bind([(p.source, x), (p.scale, gamma), (p.shift, beta), (p.mean, mean), (p.variance, variance)])
        p.bind([(p.destinationGradient, dy), (p.sourceGradient, dx)])
        p.bind([(p.scaleGradient, gammaGradient), (p.shiftGradient, betaGradient)])
        p.backward.run(
            [
                (DNNL_ARG_SRC, p.source), (DNNL_ARG_SCALE, p.scale), (DNNL_ARG_SHIFT, p.shift),
                (DNNL_ARG_MEAN, p.mean), (DNNL_ARG_VARIANCE, p.variance), (DNNL_ARG_DIFF_DST, p.destinationGradient),
                (DNNL_ARG_DIFF_SRC, p.sourceGradient), (DNNL_ARG_DIFF_SCALE, p.scaleGradient),
                (DNNL_ARG_DIFF_SHIFT, p.shiftGradient),
            ] + p.workspaceArgument, on: stream)
        dnnl_stream_wait(stream)
    }

    private func plan(batch: Int, usesBatchStatistics: Bool) throws -> Plan {
        let key = PlanKey(batch: batch, usesBatchStatistics: usesBatchStatistics)
        if let p = plans[key] { return p }
        var flags = dnnl_use_scale.rawValue | dnnl_use_shift.rawValue
        if !usesBatchStatistics { flags |= dnnl_use_global_stats.rawValue }
        if rectifiesOutput { flags |= dnnl_fuse_norm_relu.rawValue }
        let p = try Plan(
            dimensions: [Int64(batch)] + dimensions.dropFirst(), tag: tag, epsilon: epsilon, flags: flags,
            engine: OneDNN.engine!)
        plans[key] = p
        return p
    }
}

/// The two primitives of one batch normalisation at one batch size, and their memory objects
/// (all over the layer's buffers, bound per call, except the ReLU mask, which is the plan's own).
private final class Plan {
    let forward, backward: OneDNN.Primitive
    let source, destination, destinationGradient, sourceGradient: OneDNN.Memory
    let scale, shift, mean, variance, scaleGradient, shiftGradient: OneDNN.Memory
    let workspace: OneDNN.Memory?

    init(dimensions: [Int64], tag: dnnl_format_tag_t, epsilon: Float, flags: UInt32, engine: dnnl_engine_t) throws {
        var data = dnnl_memory_desc_t()
        try OneDNN.check(
            dnnl_memory_desc_init_by_tag(&data, Int32(dimensions.count), dimensions, dnnl_f32, tag),
            "memory_desc_init_by_tag")
        var channel = dnnl_memory_desc_t()
        try OneDNN.check(
            dnnl_memory_desc_init_by_tag(&channel, 1, [dimensions[1]], dnnl_f32, dnnl_x), "memory_desc_init_by_tag")
        // Training-kind forward even with the moving statistics: only it keeps the ReLU mask
        // that a backward pass (an input gradient at inference) needs.
        var forwardDesc = dnnl_batch_normalization_desc_t()
        try OneDNN.check(
            dnnl_batch_normalization_forward_desc_init(&forwardDesc, dnnl_forward_training, &data, epsilon, flags),
            "batch_normalization_forward_desc_init")
        let forwardPD = try OneDNN.PrimitiveDescriptor(&forwardDesc, engine: engine, hint: nil)
        var backwardDesc = dnnl_batch_normalization_desc_t()
        try OneDNN.check(
            dnnl_batch_normalization_backward_desc_init(&backwardDesc, dnnl_backward, &data, &data, epsilon, flags),
            "batch_normalization_backward_desc_init")
        let backwardPD = try OneDNN.PrimitiveDescriptor(&backwardDesc, engine: engine, hint: forwardPD)
        forward = try OneDNN.Primitive(forwardPD, engine: engine)
        backward = try OneDNN.Primitive(backwardPD, engine: engine)
        func user(_ md: dnnl_memory_desc_t) throws -> OneDNN.Memory {
            try OneDNN.Memory(md, engine: engine, owned: false)
        }
        (source, destination, destinationGradient, sourceGradient) = (
            try user(data), try user(data), try user(data), try user(data)
        )
        (scale, shift, mean, variance) = (try user(channel), try user(channel), try user(channel), try user(channel))
        (scaleGradient, shiftGradient) = (try user(channel), try user(channel))
        var mask = forwardPD.md(dnnl_query_workspace_md)
        workspace = dnnl_memory_desc_get_size(&mask) > 0 ? try OneDNN.Memory(mask, engine: engine, owned: true) : nil
    }

    var workspaceArgument: [(Int32, OneDNN.Memory)] { workspace.map { [(DNNL_ARG_WORKSPACE, $0)] } ?? [] }

    func bind(_ pairs: [(OneDNN.Memory, UnsafeMutablePointer<Float>)]) {
        for (memory, pointer) in pairs { memory.bind(pointer) }
    }
}
#endif

#if canImport(CDNNL)
import CDNNL

/// The oneDNN plumbing the fast path's primitives share: one CPU engine, memory objects over the
/// engine's buffers, primitives with their own scratch memory, and reorders between layouts.
enum OneDNN {
    /// One CPU engine for the process; oneDNN engines may be shared between threads.
    private struct Engine: @unchecked Sendable { let handle: dnnl_engine_t }
    private static let shared: Engine? = {
        var engine: dnnl_engine_t?
        return dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success ? engine.map(Engine.init) : nil
    }()
    /// The engine, or nil where oneDNN cannot make one.
    static var engine: dnnl_engine_t? { shared?.handle }

    struct Failure: Error { let call: String }

    /// Runs a oneDNN call; throws on anything but success.
    static func check(_ status: dnnl_status_t, _ call: String) throws {
        guard status == dnnl_success else { throw Failure(call: call) }
    }

    /// An activation tensor as the engine hands it over (in a caller's buffer bound per call) and,
    /// when a primitive wants another layout, a copy in that layout that oneDNN reorders to and from.
    final class Activation {
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

    final class PrimitiveDescriptor {
        let handle: dnnl_primitive_desc_t

        init(
            _ desc: UnsafeMutablePointer<some Any>, engine: dnnl_engine_t, hint: PrimitiveDescriptor?,
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

    final class Primitive {
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
    final class Memory {
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
                ? UnsafeMutableRawPointer.allocate(
                    byteCount: max(dnnl_memory_desc_get_size(&descriptor), 1), alignment: 64)
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

        /// This memory := `other`, converting the layout.
        func copy(from other: Memory, on stream: dnnl_stream_t) {
            let key = ObjectIdentifier(other)
            if reorders[key] == nil {
                // Between layouts of one tensor oneDNN always has a reorder; failing here is a bug.
                reorders[key] = try! Primitive(
                    PrimitiveDescriptor(reorderFrom: &other.descriptor, to: &descriptor, engine: engine), engine: engine
                )
            }
            reorders[key]!.run([(DNNL_ARG_FROM, other), (DNNL_ARG_TO, self)], on: stream)
        }
    }
}

func == (a: dnnl_memory_desc_t, b: dnnl_memory_desc_t) -> Bool {
    var (a, b) = (a, b)
    return dnnl_memory_desc_equal(&a, &b) != 0
}
#endif

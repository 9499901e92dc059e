import Foundation
import ONNXProto

/// An ONNX graph under construction: nodes appended in order, each consuming the value the last
/// one produced, weights as initializers. It tracks how the current value lies (channels last as
/// ConvLab computes, channels first as ONNX's Conv and pools want, or flat) and inserts a
/// Transpose only where an operator needs the other layout.
struct ONNXGraph {
    enum Layout { case channelsLast, channelsFirst, flat }

    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    /// The name of the value the next node consumes.
    private(set) var current: String
    private(set) var layout: Layout

    init(input: String, layout: Layout) {
        current = input
        self.layout = layout
    }

    /// Appends `op` on the current value (and `inputs` after it); its output becomes current.
    mutating func add(
        _ op: String, inputs: [String] = [], attributes: [Onnx_AttributeProto] = [], output: String? = nil
    ) {
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = "\(op.lowercased())_\(nodes.count)"
        node.input = [current] + inputs
        node.output = [output ?? "\(node.name)_out"]
        node.attribute = attributes
        nodes.append(node)
        current = node.output[0]
    }

    /// Adds a float32 initializer; returns its name.
    mutating func weights(_ name: String, dims: [Int], values: [Float]) -> String {
        precondition(dims.reduce(1, *) == values.count, "\(name): \(values.count) values for dims \(dims)")
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = dims.map(Int64.init)
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        // raw_data is little-endian, as is every machine ConvLab runs on.
        tensor.rawData = values.withUnsafeBufferPointer { Data(buffer: $0) }
        initializers.append(tensor)
        return name
    }

    /// Brings an image tensor into `target` (channels first or last) with a Transpose if needed.
    mutating func arrange(_ target: Layout) {
        guard layout != target else { return }
        switch (layout, target) {
        case (.channelsLast, .channelsFirst): add("Transpose", attributes: [.ints("perm", [0, 3, 1, 2])])
        case (.channelsFirst, .channelsLast): add("Transpose", attributes: [.ints("perm", [0, 2, 3, 1])])
        default: preconditionFailure("cannot arrange a \(layout) value as \(target)")
        }
        layout = target
    }

    /// Records that the last node changed the layout (Flatten, GlobalAveragePool + Flatten).
    mutating func produced(_ layout: Layout) { self.layout = layout }
}

extension Onnx_AttributeProto {
    static func ints(_ name: String, _ values: [Int]) -> Self {
        var a = Self()
        a.name = name
        a.type = .ints
        a.ints = values.map(Int64.init)
        return a
    }

    static func int(_ name: String, _ value: Int) -> Self {
        var a = Self()
        a.name = name
        a.type = .int
        a.i = Int64(value)
        return a
    }

    static func float(_ name: String, _ value: Float) -> Self {
        var a = Self()
        a.name = name
        a.type = .float
        a.f = value
        return a
    }
}

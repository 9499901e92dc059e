/// One row of a model summary, as Keras' `model.summary()` prints it, plus the cost and the
/// receptive field of a unit of the layer's output.
public struct LayerSummary: Codable, Equatable, Sendable {
    public let kind: LayerKind
    public let outputShape: [Int]
    public let parameters: Int
    /// Multiply-accumulates per sample.
    public let multiplyAccumulates: Int
    /// The side of the input window one output unit sees; nil once the spatial layout is gone.
    public let receptiveField: Int?
}

extension Architecture {
    public func summary() throws -> [LayerSummary] {
        let shapes = try outputShapes()
        var input = inputShape
        var field: Int? = 1
        var jump = 1  // receptive field and the input distance between adjacent units
        var rows: [LayerSummary] = []
        for (layer, output) in zip(layers, shapes) {
            var params = 0
            var macs = 0
            switch layer {
            case .conv2d(let filters, let k, _, let stride, let bias):
                // Clamped: a study file may describe a model far too large to build (refused later).
                params = [k, k, input[2]].reduce(filters) { $0.multipliedClamped($1) }.addingClamped(bias ? filters : 0)
                macs = [output[1], filters, k, k, input[2]].reduce(output[0]) { $0.multipliedClamped($1) }
                field = field.map { $0 + (k - 1) * jump }
                jump *= stride
            case .maxPool2d(let size), .averagePool2d(let size):
                field = field.map { $0 + (size - 1) * jump }
                jump *= size
                if layer.kind == .averagePooling2d {
                    macs = output.reduce(size * size) { $0.multipliedClamped($1) }
                }
            case .globalAveragePool2d:
                macs = input.reduce(1) { $0.multipliedClamped($1) }
                field = nil
            case .batchNorm(let settings):
                // β (and γ if it scales) are trained; the moving mean and variance are kept, not trained.
                params = (settings.scales ? 2 : 1) * (input.last ?? 0)
                macs = input.reduce(1) { $0.multipliedClamped($1) }
            case .relu, .dropout, .gelu, .scale:
                break
            case .normalize:
                macs = input.reduce(1) { $0.multipliedClamped($1) }
            case .flatten:
                field = nil
            case .dense(let units, let bias):
                params = input[0].multipliedClamped(units).addingClamped(bias ? units : 0)
                macs = input[0].multipliedClamped(units)
            }
            rows.append(
                LayerSummary(
                    kind: layer.kind, outputShape: output, parameters: params, multiplyAccumulates: macs,
                    receptiveField: field))
            input = output
        }
        return rows
    }

    public func parameterCount() throws -> Int { try summary().reduce(0) { $0.addingClamped($1.parameters) } }
    public func multiplyAccumulates() throws -> Int {
        try summary().reduce(0) { $0.addingClamped($1.multiplyAccumulates) }
    }
}

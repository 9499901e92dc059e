import NeuralNet
import Yams

/// One entry of a model's `layers:`, Keras-like: a bare name (`relu`, `gelu`, `flatten`,
/// `batch_norm`, `global_average_pool`) or a name with its setting (`dense: 128`, `max_pool: 2`,
/// `dropout: 0.3`, `scale: 0.111`, `conv2d: {filters: 32, kernel: 3, padding: same, stride: 1}`).
enum LayerEntry {
    static let bare = ["relu", "gelu", "flatten", "batch_norm", "global_average_pool"]
    static let withSetting = ["conv2d", "dense", "max_pool", "average_pool", "dropout", "scale"]
    static var names: String { (withSetting + bare).joined(separator: ", ") }

    static func parse(_ field: Field) throws -> LayerSpec {
        if case .scalar = field.node {
            let name = try field.string()
            switch name {
            case "relu": return .relu
            case "gelu": return .gelu
            case "flatten": return .flatten
            case "batch_norm": return .batchNorm
            case "global_average_pool": return .globalAveragePool2d
            case _ where withSetting.contains(name):
                throw field.error("\(name) needs a setting", fix: example(name))
            default:
                throw field.error("unknown layer \"\(name)\"", fix: "use one of \(names)")
            }
        }
        let entries = try field.mapping(allowed: nil, what: "layer")
        guard entries.count == 1, let (name, setting) = entries.first else {
            throw field.error(
                "a layer entry names one layer, this one has \(entries.count)",
                fix: "put each layer on its own `- ` line")
        }
        guard withSetting.contains(name) || bare.contains(name) else {
            throw field.error("unknown layer \"\(name)\"", fix: "use one of \(names)")
        }
        return try parse(name, setting)
    }

    private static func parse(_ name: String, _ setting: Field) throws -> LayerSpec {
        switch name {
        case "conv2d": return try convolution(setting)
        case "dense": return .dense(units: try units(setting))
        case "max_pool": return .maxPool2d(size: try size(setting))
        case "average_pool": return .averagePool2d(size: try size(setting))
        case "dropout": return .dropout(rate: try setting.double(in: 0...1, excludingUpper: true))
        case "scale": return .scale(factor: try setting.double(in: -1e6...1e6))
        case _ where bare.contains(name):
            if setting.node.null != nil {  // `- relu:` with nothing after it
                return try parse(Field(node: Node(name), path: setting.path, file: setting.file))
            }
            throw setting.error("\(name) takes no setting", fix: "write `- \(name)` alone")
        default:
            throw setting.error("unknown layer \"\(name)\"", fix: "use one of \(names)")
        }
    }

    private static func convolution(_ setting: Field) throws -> LayerSpec {
        let f = try setting.fields(allowed: ["filters", "kernel", "padding", "stride"], what: "conv2d setting")
        guard let filters = f["filters"], let kernel = f["kernel"] else {
            throw setting.error("conv2d needs filters and kernel", fix: example("conv2d"))
        }
        let size = try kernel.int(atLeast: 1)
        guard size % 2 == 1 else {
            throw kernel.error(
                "a \(size)×\(size) kernel has no centre pixel", fix: "use an odd kernel size (1, 3, 5, 7, …)")
        }
        let padding = try f["padding"].map { Padding(rawValue: try $0.choice(Padding.allCases.map(\.rawValue)))! }
        return .conv2d(
            filters: try filters.int(atLeast: 1), kernelSize: size, padding: padding ?? .same,
            stride: try f["stride"]?.int(atLeast: 1) ?? 1)
    }

    private static func units(_ setting: Field) throws -> Int {
        if case .mapping = setting.node {
            let f = try setting.fields(allowed: ["units"], what: "dense setting")
            guard let units = f["units"] else { throw setting.error("dense needs units", fix: example("dense")) }
            return try units.int(atLeast: 1)
        }
        return try setting.int(atLeast: 1)
    }

    private static func size(_ setting: Field) throws -> Int {
        if case .mapping = setting.node {
            let f = try setting.fields(allowed: ["size"], what: "pooling setting")
            guard let size = f["size"] else { throw setting.error("pooling needs a size", fix: "write `size: 2`") }
            return try size.int(atLeast: 1)
        }
        return try setting.int(atLeast: 1)
    }

    static func example(_ name: String) -> String {
        switch name {
        case "conv2d": "write `- conv2d: {filters: 32, kernel: 3, padding: same}`"
        case "dense": "write `- dense: 128`"
        case "dropout": "write `- dropout: 0.3`"
        case "scale": "write `- scale: 0.111` (the factor every value is multiplied by)"
        default: "write `- \(name): 2`"
        }
    }
}

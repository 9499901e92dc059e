import NeuralNet
import Yams

/// One entry of a model's `layers:`, Keras-like: a bare name (`relu`, `gelu`, `flatten`,
/// `batch_norm`, `global_average_pool`) or a name with its setting (`dense: 128`, `max_pool: 2`,
/// `dropout: 0.3`, `scale: 0.111`, `conv2d: {filters: 32, kernel: 3, padding: same, stride: 1}`,
/// `dense: {units: 10, bias: false}`, `batch_norm: {momentum: 0.6, epsilon: 1.0e-12, scale: false}`,
/// `normalize: cifar10`).
enum LayerEntry {
    static let bare = ["relu", "gelu", "flatten", "batch_norm", "global_average_pool"]
    static let withSetting = ["conv2d", "dense", "max_pool", "average_pool", "dropout", "scale", "normalize"]
    static var names: String { (withSetting + bare).joined(separator: ", ") }

    static func parse(_ field: Field) throws -> LayerSpec {
        if case .scalar = field.node {
            let name = try field.string()
            switch name {
            case "relu": return .relu
            case "gelu": return .gelu
            case "flatten": return .flatten
            case "batch_norm": return .batchNorm()
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
        case "dense": return try dense(setting)
        case "batch_norm" where setting.node.mapping != nil: return try batchNorm(setting)
        case "max_pool": return .maxPool2d(size: try size(setting))
        case "average_pool": return .averagePool2d(size: try size(setting))
        case "dropout": return .dropout(rate: try setting.double(in: 0...1, excludingUpper: true))
        case "scale": return .scale(factor: try setting.double(in: -1e6...1e6))
        case "normalize": return try normalization(setting)
        case _ where bare.contains(name):
            if setting.node.null != nil {  // `- relu:` with nothing after it
                return try parse(Field(node: Node(name), path: setting.path, file: setting.file))
            }
            let problem = name == "batch_norm" ? "batch_norm's settings are a mapping" : "\(name) takes no setting"
            throw setting.error(problem, fix: example(name))
        default:
            throw setting.error("unknown layer \"\(name)\"", fix: "use one of \(names)")
        }
    }

    private static func convolution(_ setting: Field) throws -> LayerSpec {
        let f = try setting.fields(
            allowed: ["filters", "kernel", "padding", "stride", "bias"], what: "conv2d setting")
        guard let filters = f["filters"], let kernel = f["kernel"] else {
            throw setting.error("conv2d needs filters and kernel", fix: example("conv2d"))
        }
        let size = try kernel.int(atLeast: 1)
        let padding = try f["padding"]?.choice(of: Padding.self)
        guard size % 2 == 1 || padding == .valid else {
            throw kernel.error(
                "a \(size)×\(size) kernel has no centre pixel for `same` padding to keep",
                fix: "use an odd kernel size (1, 3, 5, 7, …), or `padding: valid`")
        }
        return .conv2d(
            filters: try filters.int(atLeast: 1), kernelSize: size, padding: padding ?? .same,
            stride: try f["stride"]?.int(atLeast: 1) ?? 1, bias: try f["bias"]?.bool() ?? true)
    }

    private static func dense(_ setting: Field) throws -> LayerSpec {
        guard case .mapping = setting.node else { return .dense(units: try setting.int(atLeast: 1)) }
        let f = try setting.fields(allowed: ["units", "bias"], what: "dense setting")
        guard let units = f["units"] else { throw setting.error("dense needs units", fix: example("dense")) }
        return .dense(units: try units.int(atLeast: 1), bias: try f["bias"]?.bool() ?? true)
    }

    /// `momentum` as Keras means it (the old average's weight), ε, and whether γ is trained.
    private static func batchNorm(_ setting: Field) throws -> LayerSpec {
        let f = try setting.fields(allowed: ["momentum", "epsilon", "scale"], what: "batch_norm setting")
        let keras = BatchNormSettings.keras
        return .batchNorm(
            BatchNormSettings(
                momentum: try f["momentum"]?.double(in: 0...1, excludingUpper: true) ?? keras.momentum,
                epsilon: try f["epsilon"].map(positiveEpsilon) ?? keras.epsilon,
                scales: try f["scale"]?.bool() ?? keras.scales))
    }

    private static func positiveEpsilon(_ field: Field) throws -> Double {
        let epsilon = try field.double(in: 0...1)
        guard epsilon > 0 else {
            throw field.error("epsilon is 0: a channel with no variance would divide by 0", fix: "write e.g. 1.0e-5")
        }
        return epsilon
    }

    /// `cifar10` (CIFAR-10's channel statistics, as airbench uses them) or `{mean: [...], std: [...]}`.
    private static func normalization(_ setting: Field) throws -> LayerSpec {
        if case .scalar = setting.node {
            _ = try setting.choice(["cifar10"])
            return .cifar10Normalization
        }
        let f = try setting.fields(allowed: ["mean", "std"], what: "normalize setting")
        guard let mean = f["mean"], let std = f["std"] else {
            throw setting.error("normalize needs mean and std", fix: example("normalize"))
        }
        let deviations = try std.list().map { try $0.double(in: 1e-6...1e6) }
        return .normalize(mean: try mean.list().map { try $0.double(in: -1e6...1e6) }, std: deviations)
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
        case "normalize":
            "write `- normalize: cifar10`, or `- normalize: {mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26]}`"
        case "batch_norm":
            "write `- batch_norm` alone, or `- batch_norm: {momentum: 0.6, epsilon: 1.0e-12, scale: false}`"
        case _ where bare.contains(name): "write `- \(name)` alone"
        default: "write `- \(name): 2`"
        }
    }
}

import Study

/// `probes:` — which of the lab's probes to run, on which models:
///
///     probes:
///       translation: [mlp, cnn3]
///       permutation: [mlp, cnn3]
///       receptive_fields: [cnn3, cnn5]
///       feature_maps: cnn3
enum ProbeSection {
    static let keys = ["translation", "permutation", "receptive_fields", "feature_maps"]

    static func parse(_ field: Field, models: [ModelDefinition]) throws -> ProbeSelection {
        let f = try field.fields(allowed: keys, what: "probe")
        func names(_ key: String) throws -> [String] {  // a single name is a list of one
            try f[key]?.list().map { try ExperimentSection.model($0, models) } ?? []
        }
        let selection = ProbeSelection(
            translation: try names("translation"), permutation: try names("permutation"),
            receptiveFields: try names("receptive_fields"),
            featureMaps: try f["feature_maps"].map { try ExperimentSection.model($0, models) })
        let convolutional = { (name: String) in
            models.first { $0.name == name }?.architecture.layers.contains { $0.kind == .conv2d } ?? false
        }
        for key in ["receptive_fields", "feature_maps"] {
            for name in try names(key) where !convolutional(name) {
                throw f[key]!.error("\(name) has no convolution to probe", fix: "name a convolutional model")
            }
        }
        if let name = selection.featureMaps, !convolutionThenReLU(name, models) {
            throw f["feature_maps"]!.error(
                "\(name) has no conv2d followed directly by relu, whose output the feature maps show",
                fix: "name a model with `conv2d` then `relu` (batch_norm between them hides the maps)")
        }
        return selection
    }

    static func convolutionThenReLU(_ name: String, _ models: [ModelDefinition]) -> Bool {
        let layers = models.first { $0.name == name }?.architecture.layers ?? []
        return zip(layers, layers.dropFirst()).contains { $0.kind == .conv2d && $1 == .relu }
    }
}

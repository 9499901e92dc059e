import NeuralNet
import Study

/// `models:` — named networks, each its layers or another model plus changes:
///
///     models:
///       wide:
///         title: CNN 3×3, twice the filters     # for tables; the name when left out
///         label: wide                          # for charts; the name when left out
///         layers:
///           - conv2d: {filters: 64, kernel: 3, padding: same}
///           - relu
///           - max_pool: 2
///           - flatten
///           - dense: 10
///       cnn7: {from: cnn3, kernel: 7}
///
/// The built-in models (the lab's: mlp, cnn3, cnn5 and its ablations) can be used by name
/// without being defined; a model defined with one of their names replaces it in this study.
enum ModelSection {
    static let keys = ["title", "label", "layers", "from", "training"] + ModelChanges.keys

    /// The built-in models followed by the file's, later definitions replacing earlier ones of
    /// the same name.
    static func parse(
        _ field: Field?, builtIn: [ModelDefinition], training: TrainingRecipe, memoryBudget: Int? = nil
    ) throws -> [ModelDefinition] {
        var models = builtIn
        for (name, entry) in try field?.mapping(allowed: nil, what: "model") ?? [] {
            var model = try parse(name: name, entry, known: models)
            if case .mapping(let mapping) = entry.node, let recipe = mapping["training"] {
                let base = model.training ?? training  // a derived model starts from its base's
                model.training = try TrainingSection.parse(entry.child(recipe, key: "training"), base: base)
            }
            if let memoryBudget {
                try MemoryCheck.check(
                    model, at: entry, batch: (model.training ?? training).batchSize, budget: memoryBudget)
            }
            models.removeAll { $0.name == name }
            models.append(model)
        }
        return models
    }

    static func parse(name: String, _ field: Field, known: [ModelDefinition]) throws -> ModelDefinition {
        guard Field.isName(name) else {
            throw field.error(
                "the model name \"\(name)\" has characters other than letters, digits and - _ .",
                fix: "rename it (the name becomes part of file names)")
        }
        let all = try field.mapping(allowed: keys, what: "model setting")
        let f = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0.value) })
        let (title, label) = (try f["title"]?.string(), try f["label"]?.string())
        switch (f["layers"], f["from"]) {
        case (let layers?, nil):
            if let change = all.first(where: { ModelChanges.keys.contains($0.key) }) {
                throw change.value.error(
                    "\(change.key) changes a base model, and this one has its own layers",
                    fix: "write the change into the layers, or derive the model with `from:`")
            }
            let entries = layers.list()
            let specs = try entries.map(LayerEntry.parse)
            try ShapeCheck.check(specs, entries: entries, model: field)
            return ModelDefinition(
                name: name, architecture: Architecture(name: name, inputShape: Architecture.cifarInput, layers: specs),
                title: title, label: label)
        case (nil, let from?):
            let baseName = try from.string()
            guard let base = known.first(where: { $0.name == baseName }) else {
                throw from.error(
                    "no model \"\(baseName)\" to start from", fix: "use \(names(known)), or one defined above it")
            }
            let changes = all.filter { ModelChanges.keys.contains($0.key) }
            let (specs, change) = try ModelChanges.apply(changes, to: base.architecture.layers)
            try ShapeCheck.check(specs, entries: [], model: field)
            return ModelDefinition(
                name: name, architecture: Architecture(name: name, inputShape: Architecture.cifarInput, layers: specs),
                title: title, label: label, change: changes.isEmpty ? "as \(baseName)" : "\(baseName) with \(change)",
                training: base.training)
        case (.some, .some):
            throw field.error("a model has layers or comes from another model, not both", fix: "remove one of them")
        case (nil, nil):
            throw field.error(
                "model \"\(name)\" has neither layers nor a base model",
                fix: "add `layers:` (a list) or `from: cnn3` with the changes")
        }
    }

    static func names(_ models: [ModelDefinition]) -> String {
        models.map(\.name).joined(separator: ", ")
    }
}

import Study

/// `experiments:` — the comparisons the report tests, each a baseline and the models compared
/// with it over a number of seeds:
///
///     experiments:
///       - name: kernel-size
///         title: Does a 7×7 kernel beat 3×3?
///         baseline: cnn3
///         compare: [cnn5, cnn7]
///         seeds: 3
enum ExperimentSection {
    static let keys = ["name", "title", "baseline", "compare", "seeds"]

    static func parse(
        _ field: Field, models: [ModelDefinition], notes: inout [String]
    ) throws -> [ExperimentDefinition] {
        let entries = field.list()
        guard case .sequence = field.node, !entries.isEmpty else {
            throw field.error("expected a list of experiments", fix: "write each experiment as a `- name: …` item")
        }
        var experiments: [ExperimentDefinition] = []
        for entry in entries {
            let experiment = try parse(entry, models: models)
            if let twin = experiments.first(where: { $0.name == experiment.name }) {
                throw entry.error(
                    "a second experiment named \"\(twin.name)\"", fix: "give each experiment its own name")
            }
            if !experiment.canBeTested {
                notes.append(
                    entry.error(
                        "\(experiment.name) has one seed, so its differences cannot be tested against seed noise",
                        fix: "use `seeds: 2` or more for a test"
                    ).description)
            }
            experiments.append(experiment)
        }
        return experiments
    }

    static func parse(_ field: Field, models: [ModelDefinition]) throws -> ExperimentDefinition {
        let f = try field.fields(allowed: keys, what: "experiment setting")
        func required(_ key: String, _ example: String) throws -> Field {
            guard let value = f[key] else { throw field.error("the experiment has no \(key)", fix: "add `\(example)`") }
            return value
        }
        let name = try required("name", "name: kernel-size").name(of: "experiment")
        let baseline = try model(try required("baseline", "baseline: cnn3"), models)
        let compareField = try required("compare", "compare: [cnn5]")
        let compared = try compareField.list().map { try model($0, models) }
        if let same = compared.first(where: { $0 == baseline }) {
            throw compareField.error("\(same) is the baseline", fix: "compare other models with it")
        }
        if Set(compared).count != compared.count {
            throw compareField.error("a model is listed twice", fix: "list each model once")
        }
        return ExperimentDefinition(
            name: name, title: try f["title"]?.string(), baseline: baseline, compared: compared,
            seeds: try f["seeds"]?.int(atLeast: 1) ?? 3)
    }

    /// A model name that the study defines (or that is built in).
    static func model(_ field: Field, _ models: [ModelDefinition]) throws -> String {
        let name = try field.string()
        guard models.contains(where: { $0.name == name }) else {
            throw field.error(
                "no model named \"\(name)\"",
                fix: "define it under `models:` or use one of \(ModelSection.names(models))")
        }
        return name
    }
}

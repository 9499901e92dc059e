import Study

/// `experiments:` — the comparisons the report tests, each a baseline and the models compared
/// with it over a number of seeds:
///
///     experiments:
///       - name: kernel-size
///         title: Does a 7×7 kernel beat 3×3?
///         baseline: cnn3
///         compare: [cnn5, cnn7]
///         seeds: 3                  # or a budget: {min: 3, max: 10}, a seed a round until decided
///         detect: 1.0               # points: enough seeds once this difference would be seen
///         paired: true              # compare the two runs of each seed as a pair
///         curves: time              # validation curves over training time (default: epochs)
enum ExperimentSection {
    static let keys = ["name", "title", "baseline", "compare", "seeds", "detect", "paired", "curves"]
    /// The most seeds a budget may ask for: beyond it a study is better split.
    static let seedLimit = 100

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
        let (seeds, maxSeeds) = try f["seeds"].map(seedBudget) ?? (3, 3)
        return ExperimentDefinition(
            name: name, title: try f["title"]?.string(), baseline: baseline, compared: compared, seeds: seeds,
            maxSeeds: maxSeeds, detect: try f["detect"].map { try $0.double(in: 0.01...100) / 100 },
            paired: try f["paired"]?.bool() ?? false,
            curves: try f["curves"]?.choice(of: CurveAxis.self) ?? .epochs)
    }

    /// `seeds: 3`, or a budget `seeds: {min: 3, max: 10}`.
    static func seedBudget(_ field: Field) throws -> (min: Int, max: Int) {
        guard case .mapping = field.node else {
            let n = try field.int(atLeast: 1)
            guard n <= seedLimit else {
                throw field.error("\(n) seeds is more than \(seedLimit)", fix: "use at most \(seedLimit) seeds")
            }
            return (n, n)
        }
        let f = try field.fields(allowed: ["min", "max"], what: "seed budget setting")
        guard let minField = f["min"], let maxField = f["max"] else {
            throw field.error("a seed budget needs both min and max", fix: "write `seeds: {min: 3, max: 10}`")
        }
        let low = try minField.int(atLeast: 2)
        let high = try maxField.int(atLeast: low)
        guard high <= seedLimit else {
            throw maxField.error("\(high) seeds is more than \(seedLimit)", fix: "use at most \(seedLimit) seeds")
        }
        return (low, high)
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

import Study

/// `report:` — the optional sections of the report, and the models they walk through:
///
///     report:
///       sections: [data, architectures, training, results, deployment]
///       featured: [mlp, cnn3, cnn5]     # default: every model the experiments compare
enum ReportSection {
    static let keys = ["sections", "featured"]

    static func parse(_ field: Field, models: [ModelDefinition]) throws -> ReportSelection {
        let f = try field.fields(allowed: keys, what: "report setting")
        let names = ReportSelection.Part.allCases.map(\.rawValue)
        var parts: [ReportSelection.Part] = []
        for entry in f["sections"]?.list() ?? [] {
            guard let part = ReportSelection.Part(rawValue: try entry.choice(names)) else { continue }  // choice checks
            guard !parts.contains(part) else {
                throw entry.error("\(part.rawValue) is listed twice", fix: "list it once")
            }
            parts.append(part)
        }
        let featured = try f["featured"]?.list().map { try ExperimentSection.model($0, models) } ?? []
        return ReportSelection(parts: parts, featured: featured)
    }
}

extension StudyResults {
    /// The study's analysis of its runs: each experiment measured over its seeds, the parts of the
    /// study file that say what the report holds (title, question, claims, sections, discussion)
    /// and the findings. The runner calls it after training; `--render-only` calls it on the runs
    /// results.json stored, with the study file as it is now, so a changed analysis or wording
    /// needs no training. The probes stay as measured (they need the trained networks).
    package func analysed(by definition: StudyDefinition) -> StudyResults {
        var copy = self
        (copy.title, copy.question, copy.claims) = (definition.title, definition.question, definition.claims)
        (copy.report, copy.discussion) = (definition.report, definition.discussion)
        copy.featured = definition.featuredModels.map(StudyModel.init(rawValue:))
        for i in copy.models.indices {
            guard let defined = definition.model(named: copy.models[i].model.rawValue) else { continue }
            (copy.models[i].title, copy.models[i].label) = (defined.title, defined.label)
        }
        copy.experiments = definition.experiments.map { ExperimentResult($0, models: copy.models, records: runs) }
        return copy.withFindings()
    }
}

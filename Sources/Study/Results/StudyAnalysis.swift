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
        copy.correction = definition.correction
        copy.decideComparisons()
        return copy.withFindings()
    }

    /// Every comparison of the study, the experiments' and the permutation probe's, decided as
    /// one family (`ComparisonFamily`).
    mutating func decideComparisons() {
        var family =
            experiments.flatMap { $0.comparisons.map(\.comparison) }
            + (probes?.permutation?.rows.map(\.comparison) ?? [])
        ComparisonFamily.decide(&family, correction: correction)
        var decided = family[...]  // in the order gathered above
        for e in experiments.indices {
            for v in experiments[e].comparisons.indices {
                experiments[e].comparisons[v].comparison = decided.removeFirst()
            }
        }
        for r in probes?.permutation?.rows.indices ?? 0..<0 {
            probes?.permutation?.rows[r].comparison = decided.removeFirst()
        }
    }

    /// How many comparisons the family holds that could be tested.
    package var testedComparisons: Int {
        experiments.flatMap(\.comparisons).filter { $0.comparison.welch.p != nil }.count
            + (probes?.permutation?.rows.filter { $0.comparison.welch.p != nil }.count ?? 0)
    }
}

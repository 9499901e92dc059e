/// The study's comparisons decided look by look. Every experiment trains its `seeds` seeds; one
/// whose budget allows more (`maxSeeds`) adds one seed a round to each comparison still open,
/// until it is decided, its seeds detect the experiment's `detect` difference, or the budget is
/// spent. Look r tests the open comparisons as one family (`correction`) at its share of α
/// (`AlphaSpending`); a study without budgets has one look at the whole α, as a fixed design.
///
/// It is a pure function of the runs' accuracies, so the same runs always give the same
/// verdicts: the runner replays it to learn which seeds to train next, the report to decide.
package struct SeedRounds: Sendable {
    /// One compared model against its experiment's baseline, as its last look left it.
    package struct Outcome: Sendable, Equatable {
        package var experiment: Int
        package var model: String
        /// The seeds (0..<seeds) each side was compared over.
        package var seeds: Int
        /// The look (0-based) that decided or closed it.
        package var look: Int
        package var comparison: Comparison
        package var stop: SeedBudgetStop
    }

    package var outcomes: [Outcome] = []
    /// The comparisons given to the first look beside the experiments' (the permutation probe's), decided.
    package var extra: [Comparison] = []
    /// The level each look tests its family at.
    package let levels: [Double]
    /// The seeds each model was looked at with (or is wanted with, for a look still waiting for runs).
    package var seedsWanted: [String: Int] = [:]
    /// Whether a look waits for runs that are not there yet: train `seedsWanted`, then replay.
    package var isWaiting = false

    /// `accuracy(model, seed)` is the end-point accuracy of the model's run of that seed, nil
    /// when it has not been trained.
    package init(
        _ experiments: [ExperimentDefinition], correction: Correction, extra: [Comparison] = [],
        accuracy: (String, Int) -> Double?
    ) {
        let rounds = experiments.map { $0.maxSeeds - $0.seeds }.max() ?? 0
        levels = AlphaSpending.levels(looks: rounds + 1)
        var open = experiments.indices.flatMap { e in experiments[e].compared.map { (e, $0) } }
        for look in levels.indices where !open.isEmpty || look == 0 {
            var looked: [(e: Int, model: String, seeds: Int, comparison: Comparison)] = []
            for (e, model) in open {
                let experiment = experiments[e]
                let n = min(experiment.maxSeeds, experiment.seeds + look)
                for name in [experiment.baseline, model] { seedsWanted[name] = max(seedsWanted[name] ?? 0, n) }
                let a = (0..<n).compactMap { accuracy(model, $0) }
                let b = (0..<n).compactMap { accuracy(experiment.baseline, $0) }
                let complete = a.count == n && b.count == n
                if !complete { isWaiting = true }
                let test =
                    experiment.paired && complete ? DifferenceTest(paired: a, b) : DifferenceTest(.init(a), .init(b))
                looked.append((e, model, complete ? n : min(a.count, b.count), Comparison(test)))
            }
            var family = looked.map(\.comparison) + (look == 0 ? extra : [])
            ComparisonFamily.decide(&family, correction: correction, level: levels[look])
            if look == 0 { self.extra = Array(family.suffix(extra.count)) }
            open = []
            for (i, entry) in looked.enumerated() {
                let experiment = experiments[entry.e]
                let stop =
                    isWaiting ? .incomplete : SeedBudgetStop(family[i], seeds: entry.seeds, of: experiment)
                guard let stop else {
                    open.append((entry.e, entry.model))
                    continue
                }
                outcomes.append(
                    .init(
                        experiment: entry.e, model: entry.model, seeds: entry.seeds, look: look,
                        comparison: family[i], stop: stop))
            }
            if isWaiting { break }
        }
    }

    /// The outcomes of experiment `e`, in the order it compares its models.
    package func outcomes(of e: Int) -> [Outcome] { outcomes.filter { $0.experiment == e } }
}

/// Why a comparison's seeds stopped where they did.
package enum SeedBudgetStop: String, Codable, Sendable {
    /// The experiment has a fixed number of seeds.
    case fixedSeeds
    /// Decided (better or worse) at this look.
    case decided
    /// Not decided, but its seeds detect the experiment's `detect` difference with 80% power.
    case detectableUnderTarget
    /// Not decided, and the budget's last seed is trained.
    case budgetSpent
    /// Runs of the seeds it needs are missing (results rendered before the study was run whole):
    /// compared over the seeds that are there.
    case incomplete

    /// nil while the comparison stays open for another seed.
    init?(_ comparison: Comparison, seeds: Int, of experiment: ExperimentDefinition) {
        if !experiment.hasSeedBudget {
            self = .fixedSeeds
        } else if comparison.isSignificant {
            self = .decided
        } else if let detect = experiment.detect, let d = comparison.detectableDifference, d <= detect {
            self = .detectableUnderTarget
        } else if seeds >= experiment.maxSeeds {
            self = .budgetSpent
        } else {
            return nil
        }
    }
}

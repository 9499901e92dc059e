/// The study's comparisons decided look by look. Every experiment trains its `seeds` seeds; one
/// whose budget allows more (`maxSeeds`) adds one seed a round to each comparison still open,
/// until it is decided, its seeds detect the experiment's `detect` difference, or the budget is
/// spent. A study without budgets has one look: its family is decided as `ComparisonFamily` does.
/// With budgets, each comparison is tested at every look against its group-sequential boundary
/// (`GroupSequentialBoundary`) for the share of α the family gives it: under Holm, α split equally
/// among the comparisons not yet decided, a decided one's share passed on to the rest (Maurer and
/// Bretz's graphical procedure), which keeps the family's error rate at α over all looks.
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
    /// The comparisons given beside the experiments' (the permutation probe's, one look each), decided.
    package var extra: [Comparison] = []
    /// How many looks the study took (1 without budgets).
    package var looks = 1
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
        var hypotheses = experiments.indices.flatMap { e in
            experiments[e].compared.map { Hypothesis(experiment: e, model: $0, of: experiments[e]) }
        }
        hypotheses += extra.map { Hypothesis(fixed: $0) }
        let sequential = experiments.contains(where: \.hasSeedBudget)
        for look in 0... {
            for h in hypotheses.indices where hypotheses[h].isOpen {
                guard let e = hypotheses[h].experiment else { continue }
                let experiment = experiments[e]
                let n = experiment.seeds + look
                for name in [experiment.baseline, hypotheses[h].model] {
                    seedsWanted[name] = max(seedsWanted[name] ?? 0, n)
                }
                let a = (0..<n).compactMap { accuracy(hypotheses[h].model, $0) }
                let b = (0..<n).compactMap { accuracy(experiment.baseline, $0) }
                let complete = a.count == n && b.count == n
                if !complete { isWaiting = true }
                let paired = experiment.paired && complete
                hypotheses[h].look(
                    look, seeds: complete ? n : min(a.count, b.count),
                    comparison: Comparison(
                        paired ? DifferenceTest(paired: a, b) : DifferenceTest(.init(a), .init(b))))
            }
            if sequential {
                Self.test(&hypotheses, correction: correction)
            } else {
                var family = hypotheses.map(\.comparison)
                ComparisonFamily.decide(&family, correction: correction)
                for h in hypotheses.indices { hypotheses[h].comparison = family[h] }
            }
            for h in hypotheses.indices where hypotheses[h].isOpen {
                guard let e = hypotheses[h].experiment else { continue }
                hypotheses[h].stop =
                    isWaiting
                    ? .incomplete
                    : SeedBudgetStop(hypotheses[h].comparison, seeds: hypotheses[h].seeds, of: experiments[e])
            }
            looks = look + 1
            if isWaiting || !hypotheses.contains(where: \.isOpen) { break }
        }
        outcomes = hypotheses.compactMap { h in  // a decided one says so, whichever look closed its seeds
            h.experiment.map { e in
                Outcome(
                    experiment: e, model: h.model, seeds: h.seeds, look: h.look, comparison: h.comparison,
                    stop: h.comparison.isSignificant && h.stop != .fixedSeeds && h.stop != .incomplete
                        ? .decided : h.stop ?? .incomplete)
            }
        }
        self.extra = hypotheses.filter { $0.experiment == nil }.map(\.comparison)
    }

    /// Tests every comparison not yet rejected at its current look against its boundary, for its
    /// share of α; under Holm a rejection passes its share on, so the rest are tested again.
    static func test(_ hypotheses: inout [Hypothesis], correction: Correction) {
        let alpha = Comparison.significanceLevel
        var changed = true
        while changed {
            changed = false
            let remaining = hypotheses.filter { !$0.rejected }.count
            let share =
                switch correction {
                case .none: alpha
                case .bonferroni: alpha / Double(hypotheses.count)
                case .holm: alpha / Double(max(remaining, 1))
                }
            for h in hypotheses.indices where !hypotheses[h].rejected {
                let level = max(hypotheses[h].boundary(share), 1e-12)
                hypotheses[h].level = level
                guard let p = hypotheses[h].comparison.test.p, p <= level else { continue }
                hypotheses[h].rejected = true
                changed = correction == .holm
            }
        }
        for h in hypotheses.indices {
            guard let p = hypotheses[h].comparison.test.p else { continue }
            hypotheses[h].comparison.decide(adjustedP: p * alpha / hypotheses[h].level, familyLevel: alpha)
        }
    }

    /// The outcomes of experiment `e`, in the order it compares its models.
    package func outcomes(of e: Int) -> [Outcome] { outcomes.filter { $0.experiment == e } }
}

/// One comparison of the family as the looks go: its seeds' schedule, its latest comparison,
/// the nominal level it was last tested at and whether it is rejected (better or worse).
struct Hypothesis: Sendable {
    var experiment: Int?
    var model: String
    /// Its looks' information fractions, seeds over the budget's most.
    var fractions: [Double]
    var look = 0
    var seeds = 0
    var comparison: Comparison
    var level = Comparison.significanceLevel
    var rejected = false
    /// nil while it is open for another seed.
    var stop: SeedBudgetStop?

    init(experiment: Int, model: String, of definition: ExperimentDefinition) {
        (self.experiment, self.model) = (experiment, model)
        fractions = (definition.seeds...definition.maxSeeds).map { Double($0) / Double(definition.maxSeeds) }
        comparison = Comparison(DifferenceTest(.init([]), .init([])))
    }

    /// A comparison measured once (the permutation probe's).
    init(fixed comparison: Comparison) {
        (model, fractions, self.comparison, stop) = ("", [1], comparison, .fixedSeeds)
    }

    var isOpen: Bool { experiment != nil && stop == nil }

    mutating func look(_ look: Int, seeds: Int, comparison: Comparison) {
        (self.look, self.seeds, self.comparison) = (look, seeds, comparison)
    }

    /// The nominal level of its current look for a share `alpha` of the family's α.
    func boundary(_ alpha: Double) -> Double {
        GroupSequentialBoundary.nominalLevels(alpha: alpha, fractions: fractions)[min(look, fractions.count - 1)]
    }
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

import Foundation
import Testing

@testable import Study

/// A seed budget on made-up accuracy draws: each comparison stops where it should, the looks
/// spend no more than α, and every verdict still agrees with its interval.
@Suite struct SeedRoundsTests {
    /// Seed i of model m draws its mean plus a fixed zig-zag noise of about ±`spread`, read from a
    /// place in the zig-zag that depends on the model's name.
    static func draws(_ means: [String: Double], spread: Double = 0.01) -> (String, Int) -> Double? {
        let noise = [0.9, -1.1, 0.2, 1.0, -0.8, 0.5, -0.3, 1.2, -1.0, 0.1]
        return { model, seed in
            let start = model.unicodeScalars.reduce(0) { $0 + Int($1.value) }
            return means[model].map { $0 + spread * noise[(seed + start) % noise.count] }
        }
    }

    static func experiment(
        _ compared: [String], seeds: Int = 3, max: Int = 10, detect: Double? = nil
    ) -> ExperimentDefinition {
        ExperimentDefinition(
            name: "e", baseline: "base", compared: compared, seeds: seeds, maxSeeds: max, detect: detect)
    }

    /// Lan–DeMets O'Brien–Fleming-type boundaries held to SciPy's multivariate normal, computed once by:
    ///
    ///     spent = lambda a, t: 2 - 2 * stats.norm.cdf(stats.norm.ppf(1 - a / 2) / np.sqrt(t))
    ///     # look k's bound c_k solves 1 − P(|Z_1| < c_1, …, |Z_k| < c_k) = spent(α, t_k), with
    ///     # corr(Z_i, Z_j) = √(t_i / t_j), by brentq over multivariate_normal(cov).cdf(c, lower_limit=−c)
    ///     print([2 * (1 - stats.norm.cdf(c)) for c in bounds])
    @Test(arguments: [
        ([0.5, 1.0], [0.005574596680784305, 0.0477809633225843]),
        ([0.3, 0.6, 1.0], [0.000345719580169046, 0.011255218656396115, 0.0456291669318154]),
        (
            [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
            [
                0.000345719580169046, 0.001816369840655696, 0.004870009120180763, 0.009334447190464168,
                0.014805803002754248, 0.02091048407834073, 0.02733947948958404, 0.03386239771117716,
            ]
        ),
    ])
    func boundariesMatchSciPy(fractions: [Double], levels expected: [Double]) {
        let levels = GroupSequentialBoundary.nominalLevels(alpha: 0.05, fractions: fractions)
        for (level, reference) in zip(levels, expected) {
            #expect(abs(level - reference) < max(2e-5, 2e-3 * reference), "\(levels)")
        }
        let oneLook = GroupSequentialBoundary.nominalLevels(alpha: 0.05, fractions: [1])
        #expect(oneLook.count == 1 && abs(oneLook[0] - 0.05) < 1e-9)  // a fixed design is tested at α
    }

    @Test func aClearDifferenceIsDecidedInTheFirstRound() throws {
        let rounds = SeedRounds(
            [Self.experiment(["clear"])], correction: .holm, accuracy: Self.draws(["base": 0.70, "clear": 0.90]))
        let outcome = try #require(rounds.outcomes.first)
        #expect(outcome.stop == .decided && outcome.seeds == 3 && outcome.look == 0)
        #expect(outcome.comparison.verdict == .better && !rounds.isWaiting)
    }

    @Test func aSmallDifferenceTakesMoreSeedsThanThreeAndIsThenDecided() throws {
        let accuracy = Self.draws(["base": 0.700, "small": 0.714])
        // Three seeds alone leave it open at the 5% level…
        let fixed = SeedRounds([Self.experiment(["small"], max: 3)], correction: .holm, accuracy: accuracy)
        #expect(fixed.outcomes.first?.comparison.verdict == .indistinguishable)
        #expect(fixed.outcomes.first?.stop == .fixedSeeds)
        // …the budget adds seeds until it is decided, before the budget is spent.
        let rounds = SeedRounds([Self.experiment(["small"])], correction: .holm, accuracy: accuracy)
        let outcome = try #require(rounds.outcomes.first)
        #expect(outcome.stop == .decided && outcome.comparison.verdict == .better)
        #expect(outcome.seeds > 3 && outcome.seeds < 10 && outcome.look == outcome.seeds - 3)
        #expect(rounds.seedsWanted == ["base": outcome.seeds, "small": outcome.seeds])
        // One seed fewer trained: the looks so far leave it open, and the next asks for that seed.
        let fewer = outcome.seeds - 1
        let earlier = SeedRounds([Self.experiment(["small"])], correction: .holm) { m, s in
            s < fewer ? accuracy(m, s) : nil
        }
        #expect(earlier.isWaiting && earlier.outcomes.first?.stop == .incomplete)
        #expect(earlier.seedsWanted == ["base": outcome.seeds, "small": outcome.seeds])
        #expect(rounds.looks == outcome.look + 1)
    }

    @Test func noDifferenceRunsTheBudgetOutOrStopsAtTheDetectableTarget() throws {
        let accuracy = Self.draws(["base": 0.70, "same": 0.70])
        let spent = SeedRounds([Self.experiment(["same"], max: 6)], correction: .holm, accuracy: accuracy)
        #expect(spent.outcomes.first?.stop == .budgetSpent && spent.outcomes.first?.seeds == 6)
        #expect(spent.outcomes.first?.comparison.verdict == .indistinguishable)
        let target = SeedRounds([Self.experiment(["same"], detect: 0.03)], correction: .holm, accuracy: accuracy)
        let outcome = try #require(target.outcomes.first)
        #expect(outcome.stop == .detectableUnderTarget && outcome.seeds < 10)
        #expect((outcome.comparison.detectableDifference ?? 1) <= 0.03)
    }

    @Test func aLookWaitsForMissingRunsAndAsksForThem() {
        let accuracy = Self.draws(["base": 0.700, "small": 0.714])
        let trainedUpTo = { (limit: Int) in { (m: String, s: Int) in s < limit ? accuracy(m, s) : nil } }
        // Three seeds trained: the first look leaves it open, the second asks for a fourth seed.
        let waiting = SeedRounds([Self.experiment(["small"])], correction: .holm, accuracy: trainedUpTo(3))
        #expect(waiting.isWaiting && waiting.seedsWanted == ["base": 4, "small": 4])
        #expect(waiting.outcomes.first?.stop == .incomplete)
        #expect(waiting.outcomes.first?.seeds == 3)  // compared over the seeds that are there
        let done = SeedRounds([Self.experiment(["small"])], correction: .holm, accuracy: trainedUpTo(10))
        #expect(!done.isWaiting && done.outcomes.first?.stop == .decided)
    }

    @Test func everyLooksVerdictAgreesWithItsInterval() throws {
        let means = Dictionary(
            uniqueKeysWithValues: (0..<12).map { ("m\($0)", 0.676 + 0.004 * Double($0)) } + [("base", 0.70)])
        let rounds = SeedRounds(
            [Self.experiment(means.keys.filter { $0 != "base" }.sorted())], correction: .holm,
            accuracy: Self.draws(means))
        #expect(rounds.outcomes.count == 12 && Set(rounds.outcomes.map(\.look)).count > 1)
        for o in rounds.outcomes {
            let interval = try #require(o.comparison.interval)
            #expect(interval.contains(0) == !o.comparison.isSignificant, "\(o.model) at look \(o.look)")
            #expect(o.comparison.isSignificant == ((o.comparison.adjustedP ?? 1) < 0.05))
        }
    }
}

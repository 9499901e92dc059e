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

    @Test func theLooksSpendTheWholeAlphaAndNoMore() {
        let levels = AlphaSpending.levels(looks: 8)
        #expect(levels.count == 8 && abs(levels.reduce(0, +) - 0.05) < 1e-15)
        #expect(abs(levels[0] - 0.05 * log(1 + (exp(1) - 1) / 8)) < 1e-15)
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 > $1 })  // Pocock-type: most early
        #expect(AlphaSpending.levels(looks: 1) == [0.05])
    }

    @Test func aClearDifferenceIsDecidedInTheFirstRound() throws {
        let rounds = SeedRounds(
            [Self.experiment(["clear"])], correction: .holm, accuracy: Self.draws(["base": 0.70, "clear": 0.78]))
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
        // The look before it was open: one seed fewer does not decide it at that look's level.
        let earlier = SeedRounds(
            [Self.experiment(["small"], max: outcome.seeds - 1)], correction: .holm, accuracy: accuracy)
        #expect(earlier.outcomes.first?.stop == .budgetSpent)
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

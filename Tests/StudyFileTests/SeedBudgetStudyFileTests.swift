import ConvLabTestSupport
import Study
import Testing

@testable import StudyFile

/// `seeds: {min, max}`, `detect:`, `paired:`, `curves:` and `evaluate:`: read as written, refused with line
/// and column when they cannot be.
@Suite struct SeedBudgetStudyFileTests {
    func study(_ experiment: String, top: String = "") -> String {
        header + top + "experiments:\n  - {name: e, baseline: cnn3, compare: [cnn5], \(experiment)}\n"
    }

    @Test func aBudgetATargetAPairAndAnEndPointReadAsWritten() throws {
        let loaded = try parse(
            study(
                "seeds: {min: 3, max: 10}, detect: 1.5, paired: true, curves: time", top: "evaluate: {mean_last: 4}\n"))
        let e = try #require(loaded.definition.experiments.first)
        #expect(e.seeds == 3 && e.maxSeeds == 10 && e.hasSeedBudget && e.paired && e.curves == .time)
        #expect(abs((e.detect ?? 0) - 0.015) < 1e-12)
        #expect(loaded.definition.endPoint == .meanLast(4))
        #expect(try parse(study("seeds: 5", top: "evaluate: best_validation\n")).definition.endPoint == .bestValidation)
        let fixed = try #require(try parse(study("seeds: 5")).definition.experiments.first)
        #expect(fixed.maxSeeds == 5 && !fixed.hasSeedBudget && !fixed.paired && fixed.detect == nil)
        #expect(fixed.curves == .epochs)
        #expect(try parse(study("seeds: 2")).definition.endPoint == .final)
    }

    @Test func badBudgetsAndEndPointsAreRefusedWhereTheyAre() throws {
        let cases: [(String, String, String, String)] = [
            (study("seeds: {min: 5, max: 3}"), "3}", "experiments[0].seeds.max: 3 is too small", "at least 5"),
            (study("seeds: {min: 3}"), "{min: 3}", "a seed budget needs both min and max", "seeds: {min: 3, max: 10}"),
            (study("seeds: {min: 1, max: 4}"), "1, max", "seeds.min: 1 is too small", "at least 2"),
            (study("seeds: {min: 3, most: 4}"), "most", "unknown seed budget setting \"most\"", "min, max"),
            (study("seeds: 100000"), "100000", "100000 seeds is more than 100", "at most 100"),
            (study("detect: -1"), "-1", "detect: -1.0 is out of range", "0.01"),
            (study("paired: maybe"), "maybe", "paired: expected true or false", "true or false"),
            (study("curves: minutes"), "minutes", "curves: unknown value \"minutes\"", "epochs, time"),
            (study("seeds: 3", top: "evaluate: last\n"), "last", "evaluate: unknown value \"last\"", "best_validation"),
            (study("seeds: 3", top: "evaluate: {mean_last: 0}\n"), "0}", "evaluate.mean_last: 0 is too small", "1"),
        ]
        for (text, snippet, problem, fix) in cases {
            let thrown = try #require(throws: StudyFileError.self) { try parse(text) }
            let (line, column) = position(of: snippet, in: text)
            #expect(thrown.line == line && thrown.column == column, "\(thrown) should point at \(snippet)")
            #expect(thrown.description.contains(problem) && thrown.description.contains(fix), "\(thrown)")
        }
    }
}

import DocumentKit
import Study

/// The words and tables of a study file's experiment section, from its measured numbers.
enum ExperimentProse {
    static let untestableNote =
        "With one seed there is no seed-to-seed spread to measure, so no difference below can be tested: "
        + "run the experiment with `seeds: 2` or more."

    static let method =
        """
        Each model was trained once per seed; a difference is the compared model's mean test accuracy minus \
        the baseline's, tested with Welch's t-test (better or worse when p < \
        \(Comparison.significanceLevel), otherwise not distinguishable from seed noise) and given a bootstrap \
        95% confidence interval (\(BootstrapInterval.resamples) resamples of the seeds).
        """

    static func setup(_ e: ExperimentResult) -> String {
        let compared = e.rows.dropFirst().map { "**\($0.title)**" }.joined(separator: ", ")
        let seeds = e.rows.first?.seeds ?? []
        return "Baseline: **\(e.rows.first?.title ?? e.baseline.rawValue)**. Compared with it: \(compared). "
            + "Every model trained from seed\(seeds.count == 1 ? "" : "s") "
            + "\(seeds.map(String.init).joined(separator: ", ")), everything else fixed; accuracy is on the test "
            + "set after training. A seed sets both the initial weights and the order of the batches, so the "
            + "spread over seeds is the noise any single comparison carries."
    }

    /// "CNN, 5×5 kernels costs 2.8× the multiply-accumulates of CNN, 3×3 kernels for 32,064 more
    /// parameters, and its epochs took 2.4× as long here."
    static func costs(_ e: ExperimentResult) -> String {
        e.comparisons.map { v in
            let extra =
                v.extraParameters == 0
                ? "the same number of parameters"
                : "\(Format.count(abs(v.extraParameters))) \(v.extraParameters > 0 ? "more" : "fewer") parameters"
            let time = v.epochTimeRatio.map { ", and its epochs took \(Format.ratio($0))× as long here" } ?? ""
            return "\(title(v.model, in: e)) costs \(Format.ratio(v.macRatio))× the multiply-accumulates of "
                + "\(title(e.baseline, in: e)) for \(extra)\(time)."
        }.joined(separator: " ")
    }

    static func modelTable(_ e: ExperimentResult) -> Table {
        Table(
            header: ["model", "parameters", "multiply-accumulates", "s / epoch", "test accuracy", "per seed"],
            rows: e.rows.map { r in
                [
                    r.title, Format.count(r.parameters), Format.count(r.multiplyAccumulates),
                    Format.seconds(r.epochSeconds.mean), Format.meanStd(r.accuracy),
                    r.accuracy.values.map(Format.percent).joined(separator: ", "),
                ]
            })
    }

    static func comparisonTable(_ e: ExperimentResult) -> Table {
        Table(
            header: ["model", "difference (points)", "95% bootstrap interval", "Welch p", "verdict"],
            rows: e.comparisons.map { v in
                [
                    title(v.model, in: e), Format.signedPoints(v.comparison.difference), interval(v.interval),
                    Format.pValue(v.comparison.welch), word(v.comparison.verdict),
                ]
            })
    }

    /// "CNN 7×7 is **better** than CNN 3×3: +1.2 points (p = 0.03; 95% interval +0.4 to +2.0)."
    static func verdict(_ v: ExperimentResult.Versus, in e: ExperimentResult) -> String {
        let (model, baseline) = (title(v.model, in: e), title(e.baseline, in: e))
        let numbers =
            "\(Format.signedPoints(v.comparison.difference)) points (\(Format.p(v.comparison.welch)); "
            + "95% interval \(interval(v.interval)))"
        switch v.comparison.verdict {
        case .better: return "\(model) is **better** than \(baseline): \(numbers)."
        case .worse: return "\(model) is **worse** than \(baseline): \(numbers)."
        case .indistinguishable:
            return "\(model) is **not distinguishable from seed noise** against \(baseline): \(numbers)."
        case .untestable:
            return "\(model) against \(baseline): \(Format.signedPoints(v.comparison.difference)) points, "
                + "**not tested** (no seed-to-seed spread to measure it against)."
        }
    }

    static func word(_ verdict: Comparison.Verdict) -> String {
        switch verdict {
        case .better: "better"
        case .worse: "worse"
        case .indistinguishable: "not distinguishable from seed noise"
        case .untestable: "not tested"
        }
    }

    static func interval(_ i: BootstrapInterval?) -> String {
        i.map { "\(Format.signedPoints($0.lower)) to \(Format.signedPoints($0.upper))" } ?? "—"
    }

    static func title(_ model: StudyModel, in e: ExperimentResult) -> String { e.row(model)?.title ?? model.rawValue }
}

import DocumentKit
import Study

/// The words and tables of a study file's experiment section, from its measured numbers.
enum ExperimentProse {
    static let untestableNote =
        "With one seed there is no seed-to-seed spread to measure, so no difference below can be tested: "
        + "run the experiment with `seeds: 2` or more."

    /// How every verdict of the report is decided, for a family of `comparisons` adjusted by `correction`.
    static func method(comparisons: Int, correction: Correction) -> String {
        let family =
            switch correction {
            case .none: "each at the 5% level on its own (no correction for testing several)"
            case .holm:
                "as one family: their p-values are adjusted with Holm's method, so that the chance of any false "
                    + "\"better\" or \"worse\" in the whole report stays at 5%"
            case .bonferroni:
                "as one family: their p-values are multiplied by their number (Bonferroni), so that the chance of "
                    + "any false \"better\" or \"worse\" in the whole report stays at 5%"
            }
        let counted = Format.countWord(comparisons, "comparison").lowercased()
        return """
            Each model was trained once per seed; a difference is the compared model's mean test accuracy minus \
            the baseline's, tested with Welch's t-test. The study's \(counted) are decided \(family). A difference \
            is better or worse when its adjusted p-value is below 0.05, and not distinguishable from seed noise \
            otherwise. Its interval is Welch's t-interval at the level that test uses (95% for a comparison on its \
            own, wider in a family), so it excludes zero exactly when the verdict is better or worse. Where the \
            seeds cannot tell a difference from noise, the report gives the smallest difference they could have \
            detected (80% power at that level, with these seeds' \
            spread): "not distinguishable" rules out nothing smaller.
            """
    }

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
            header: ["model", "difference (points)", "interval", "p (Welch)", "p adjusted", "verdict", "detectable"],
            rows: e.comparisons.map { v in
                let c = v.comparison
                return [
                    title(v.model, in: e), Format.signedPoints(c.difference), Format.interval(c.interval),
                    Format.pValue(c.welch.p), Format.pValue(c.adjustedP), word(c.verdict),
                    c.detectableDifference.map { "≥ \(Format.points($0)) points" } ?? "—",
                ]
            })
    }

    /// "CNN 7×7 is **better** than CNN 3×3: +1.2 points (98.3% interval +0.4 to +2.0; p = 0.003,
    /// adjusted 0.02)."; a "not distinguishable" also says what the seeds could have detected.
    static func verdict(_ v: ExperimentResult.Versus, in e: ExperimentResult) -> String {
        let (model, baseline, c) = (title(v.model, in: e), title(e.baseline, in: e), v.comparison)
        let numbers = "\(Format.signedPoints(c.difference)) points (\(Format.evidence(c)))"
        switch c.verdict {
        case .better: return "\(model) is **better** than \(baseline): \(numbers)."
        case .worse: return "\(model) is **worse** than \(baseline): \(numbers)."
        case .indistinguishable:
            return "\(model) is **not distinguishable from seed noise** against \(baseline): \(numbers)"
                + (Format.detectable(c).map { "; \($0)" } ?? "") + "."
        case .untestable:
            return "\(model) against \(baseline): \(Format.signedPoints(c.difference)) points, "
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

    static func title(_ model: StudyModel, in e: ExperimentResult) -> String { e.row(model)?.title ?? model.rawValue }
}

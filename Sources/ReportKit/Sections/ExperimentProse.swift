import DocumentKit
import Study

/// The words and tables of a study file's experiment section, from its measured numbers.
enum ExperimentProse {
    static let untestableNote =
        "With one seed there is no seed-to-seed spread to measure, so no difference below can be tested: "
        + "run the experiment with `seeds: 2` or more."

    /// How every verdict of the report is decided: the end point, the test, the family and its
    /// correction, the looks of a seed budget, the detectable difference and the robust measures.
    static func method(_ results: StudyResults) -> String {
        let family =
            switch results.correction {
            case .none: "each at the 5% level on its own (no correction for testing several)"
            case .holm:
                "as one family: their p-values are adjusted with Holm's method, so that the chance of any false "
                    + "\"better\" or \"worse\" in the whole report stays at 5%"
            case .bonferroni:
                "as one family: their p-values are multiplied by their number (Bonferroni), so that the chance of "
                    + "any false \"better\" or \"worse\" in the whole report stays at 5%"
            }
        let counted = Format.countWord(results.testedComparisons, "comparison").lowercased()
        let paired = results.experiments.contains(where: \.paired)
        let test =
            paired
            ? "tested with Welch's t-test, or, in an experiment marked paired, with the paired t-test on the "
                + "per-seed differences (the two runs of a seed share their batch order and augmentation draws, so "
                + "the seed's share of the noise cancels)"
            : "tested with Welch's t-test"
        let augmented =
            results.augmentationEffects == nil
            ? ""
            : " (measured with test-time augmentation for a model whose recipe has it; what the augmentation adds "
                + "is tested too, as the same trained networks evaluated with and without it, paired by run)"
        return """
            Each model was trained once per seed; a run's accuracy is its \(results.endPoint.phrase)\(augmented). \
            A difference is the compared model's mean accuracy minus the baseline's, \(test); it is computed \
            before rounding, so it can differ by 0.1 from the difference of the rounded means shown. The study's \
            \(counted) are decided \(family).\(looks(results.looks)) A difference is better or worse when its \
            adjusted p-value is below 0.05, and not distinguishable from seed noise otherwise. Its interval is the \
            t-interval at the level that test uses (95% for a comparison on its own, wider in a family), so it \
            excludes zero exactly when the verdict is better or worse. Where the seeds cannot tell a difference from \
            noise, the report gives the smallest difference they could have detected (80% power at that level, with \
            these seeds' spread): "not distinguishable" rules out nothing smaller. Beside the means, the tables give \
            rliable's robust measures: the interquartile mean where a model has four seeds or more, and the \
            probability that a seed of the compared model beats a seed of the baseline.
            """
    }

    /// How a seed budget's looks keep the error rate, for a study tested at `looks` looks.
    static func looks(_ looks: Int) -> String {
        guard looks > 1 else { return "" }
        return " Seeds were added a round at a time while a comparison stayed open, and it was tested after "
            + "every round (\(looks) looks in all) against a group-sequential boundary: the Lan–DeMets "
            + "O'Brien–Fleming-type spending function hands each look a share of the comparison's α, little "
            + "early and nearly all of it at the last seed, so that looking after every round keeps the chance "
            + "of a false verdict at the comparison's α (for normally distributed seed noise). A comparison's α "
            + "is its share of the 5% (Holm: the 5% split among the comparisons not yet decided, a decided "
            + "one's share passed on to the rest, as in Maurer and Bretz's graphical procedure). Its adjusted "
            + "p-value is its p-value times 5% over the level its boundary asked for."
    }

    static func setup(_ e: ExperimentResult) -> String {
        let compared = e.rows.dropFirst().map { "**\($0.title)**" }.joined(separator: ", ")
        let seeds = e.rows.first?.seeds ?? []
        let varying = Set(e.rows.map(\.seeds.count)).count > 1
        let paired =
            e.paired
            ? " The comparison is paired: each seed's two runs differ only in the model, so the test is on the "
                + "per-seed differences."
            : ""
        return "Baseline: **\(e.rows.first?.title ?? e.baseline.rawValue)**. Compared with it: \(compared). "
            + "Every model trained from seed\(seeds.count == 1 ? "" : "s") "
            + "\(Format.seedList(seeds))\(varying ? " (the baseline's; each compared model's are in the table)" : ""), "
            + "everything else fixed. A seed sets both the initial weights and the order of the batches, so the "
            + "spread over seeds is the noise any single comparison carries.\(paired)"
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
        let robust = e.rows.contains { $0.interquartileMean != nil }
        let augmented = e.rows.contains { $0.plainAccuracy != nil }
        let timed = e.curves == .time
        var header = ["model", "parameters", "multiply-accumulates", "s / epoch"]
        header += (timed ? ["training / run"] : []) + ["accuracy", "per seed"]
        header += (augmented ? ["without test-time augmentation"] : []) + (robust ? ["IQM"] : [])
        header.append("validation swing, last \(ExperimentResult.swingEpochs) epochs")
        return Table(
            header: header,
            rows: e.rows.map { r in
                var cells = [r.title, Format.count(r.parameters), Format.count(r.multiplyAccumulates)]
                cells.append(Format.seconds(r.epochSeconds.mean))
                if timed { cells.append(r.elapsedSeconds?.last.map(Format.minutes) ?? "—") }
                cells += [Format.meanStd(r.accuracy), r.accuracy.values.map(Format.percent).joined(separator: ", ")]
                if augmented { cells.append(r.plainAccuracy.map(Format.meanStd) ?? "—") }
                if robust { cells.append(r.interquartileMean.map(Format.percent) ?? "—") }
                cells.append(r.validationSwing.map { "\(Format.points($0)) points" } ?? "—")
                return cells
            })
    }

    static func comparisonTable(_ e: ExperimentResult) -> Table {
        let budget = e.comparisons.contains { $0.stop != .fixedSeeds }
        return Table(
            header: [
                "model", "difference (points)", "interval", e.paired ? "p (paired)" : "p (Welch)", "p adjusted",
                "verdict", "detectable", "P(better)",
            ] + (budget ? ["seeds", "stopped"] : []),
            rows: e.comparisons.map { v in
                let c = v.comparison
                return [
                    title(v.model, in: e), Format.signedPoints(c.difference), Format.interval(c.interval),
                    Format.pValue(c.test.p), Format.pValue(c.adjustedP), word(c.verdict),
                    c.detectableDifference.map { "≥ \(Format.points($0)) points" } ?? "—",
                    v.probabilityOfImprovement.map { String(format: "%.2f", $0) } ?? "—",
                ] + (budget ? [String(v.seeds), stopWord(v.stop, look: v.look)] : [])
            })
    }

    /// Why a comparison's seeds stopped: "decided at look 3".
    static func stopWord(_ stop: SeedBudgetStop, look: Int) -> String {
        switch stop {
        case .fixedSeeds: "fixed seeds"
        case .decided: "decided at look \(look + 1)"
        case .detectableUnderTarget: "would have seen the target difference (look \(look + 1))"
        case .budgetSpent: "budget spent"
        case .incomplete: "runs missing: run the study"
        }
    }

    /// "CNN 7×7 is **better** than CNN 3×3: +1.2 points (98.3% interval +0.4 to +2.0; p = 0.003,
    /// adjusted 0.02)."; a "not distinguishable" also says what the seeds could have detected, and a
    /// difference smaller than the models' late swing in validation accuracy says so.
    static func verdict(_ v: ExperimentResult.Versus, in e: ExperimentResult) -> String {
        let (model, baseline, c) = (title(v.model, in: e), title(e.baseline, in: e), v.comparison)
        let numbers = "\(Format.signedPoints(c.difference)) points (\(Format.evidence(c)))"
        let sentence: String
        switch c.verdict {
        case .better: sentence = "\(model) is **better** than \(baseline): \(numbers)."
        case .worse: sentence = "\(model) is **worse** than \(baseline): \(numbers)."
        case .indistinguishable:
            sentence =
                "\(model) is **not distinguishable from seed noise** against \(baseline): \(numbers)"
                + (Format.detectable(c).map { "; \($0)" } ?? "") + "."
        case .untestable:
            sentence =
                "\(model) against \(baseline): \(Format.signedPoints(c.difference)) points, "
                + "**not tested** (no seed-to-seed spread to measure it against)."
        }
        return sentence + budgetNote(v) + swingWarning(v, in: e)
    }

    /// "Test-time augmentation (the image and its mirror) is **better** than none on the same three
    /// trained networks of airbench: +0.8 points (…)."
    static func augmentationVerdict(_ a: AugmentationEffect, in e: ExperimentResult) -> String {
        let c = a.comparison
        let subject = "Test-time augmentation (\(Format.views(a.views)), the logits averaged)"
        let networks =
            "the same \(Format.countWord(a.seeds.count, "trained network").lowercased()) of \(title(a.model, in: e))"
        let means = "\(Format.percent(a.augmented.mean)) with it, \(Format.percent(a.plain.mean)) without"
        let numbers = "\(Format.signedPoints(c.difference)) points paired by run (\(Format.evidence(c)))"
        switch c.verdict {
        case .better, .worse:
            return "\(subject) is **\(word(c.verdict))** than none on \(networks): \(means), \(numbers)."
        case .indistinguishable:
            return "\(subject) is **not distinguishable from noise** against none on \(networks): \(means), "
                + numbers + (Format.detectable(c).map { "; \($0)" } ?? "") + "."
        case .untestable:
            return "\(subject) on \(networks): \(means), \(Format.signedPoints(c.difference)) points, **not tested** "
                + "(one run, or the same accuracy on every run: no spread to measure it against)."
        }
    }

    /// Where a seed budget stopped the comparison, and why.
    static func budgetNote(_ v: ExperimentResult.Versus) -> String {
        switch v.stop {
        case .fixedSeeds: ""
        case .decided: " Decided with \(v.seeds) seeds, at look \(v.look + 1)."
        case .detectableUnderTarget:
            " Its \(v.seeds) seeds would have detected the difference the study file names, so no more were trained."
        case .budgetSpent: " Still open after the budget's \(v.seeds) seeds."
        case .incomplete: " Runs of the seeds it needs are missing: run the study to train them."
        }
    }

    /// A warning where either model's validation accuracy swings over its last epochs by more than
    /// the difference judged.
    static func swingWarning(_ v: ExperimentResult.Versus, in e: ExperimentResult) -> String {
        guard let row = e.row(v.model), let base = e.rows.first, v.swingExceedsDifference(row: row, base: base)
        else { return "" }
        let swing = max(row.validationSwing ?? 0, base.validationSwing ?? 0)
        return " ⚠ Validation accuracy moved by \(Format.points(swing)) points over the last "
            + "\(ExperimentResult.swingEpochs) epochs, more than this difference: another epoch could have "
            + "reversed it (a study file can compare `evaluate: {mean_last: 5}` or `best_validation` instead)."
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

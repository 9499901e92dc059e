extension ClaimFinding {
    /// Judges `claim` by the results' experiments and probes.
    init(_ claim: ClaimDefinition, results: StudyResults, probes: ProbeFindings?) {
        self.claim = claim
        let (model, than) = (StudyModel(rawValue: claim.models.model), StudyModel(rawValue: claim.models.than))
        let evidence: Evidence
        switch claim.test {
        case .better, .noBetter:
            evidence = Self.accuracy(model, than, in: results)
        case .hurtMoreByPermutation:
            evidence = Self.permutation(model, than, probes, results.probes?.permutation)
        case .moreShiftTolerant:
            evidence = Self.translation(model, than, probes?.translation, results.probes?.translation)
        }
        self.evidence = evidence
        verdict = Self.verdict(claim.test, evidence)
    }

    static func verdict(_ test: ClaimDefinition.Test, _ evidence: Evidence) -> Verdict {
        switch (test, evidence) {
        case (.better(_, _, let fewer), .accuracy(let e)):
            if fewer && e.parameters >= e.thanParameters { return .notTested }
            return verdict(expectedDirection: e.comparison.difference > 0, significant: e.comparison.isSignificant)
        case (.noBetter, .accuracy(let e)):
            return e.comparison.verdict == .better ? .contradicted : .supported
        case (.hurtMoreByPermutation, .permutation(let e)):
            let expected = e.model.difference < 0 && abs(e.than.difference) < abs(e.model.difference) / 2
            return verdict(expectedDirection: expected, significant: e.model.isSignificant)
        case (.moreShiftTolerant, .translation(let e)):
            switch e.moreTolerant.count {
            case 2: return e.modelWrap > invariance ? .supported : .partly
            case 1: return .partlyOneShift
            default: return .notSupported
            }
        default:
            return .notTested
        }
    }

    /// The model against the other, as the experiment that compares them decided it in the
    /// study's family (either may be its baseline).
    static func accuracy(_ model: StudyModel, _ than: StudyModel, in results: StudyResults) -> Evidence {
        for e in results.experiments {
            let decided =
                e.baseline == than
                ? e.versus(model)?.comparison : e.baseline == model ? e.versus(than)?.comparison.reversed : nil
            guard let a = e.row(model), let b = e.row(than), let comparison = decided else { continue }
            return .accuracy(
                AccuracyEvidence(
                    model: a.accuracy, than: b.accuracy, parameters: a.parameters, thanParameters: b.parameters,
                    macRatio: Double(a.multiplyAccumulates) / Double(max(b.multiplyAccumulates, 1)),
                    comparison: comparison))
        }
        return .missing("no experiment compares \(model.rawValue) with \(than.rawValue)")
    }

    static func permutation(
        _ model: StudyModel, _ than: StudyModel, _ probes: ProbeFindings?, _ probe: PermutationProbe?
    ) -> Evidence {
        guard let m = probes?.permutation(model), let t = probes?.permutation(than),
            let a = probe?.row(model), let b = probe?.row(than)
        else {
            return .missing("the permutation probe did not measure \(model.rawValue) and \(than.rawValue)")
        }
        return .permutation(
            PermutationEvidence(
                model: m, than: t, leadBefore: a.original.mean - b.original.mean,
                leadAfter: a.permuted.mean - b.permuted.mean))
    }

    static func translation(
        _ model: StudyModel, _ than: StudyModel, _ finding: TranslationFinding?, _ probe: TranslationProbe?
    ) -> Evidence {
        guard let finding, let probe, finding.middleIsFourPixels,
            let mz = finding.retention(model, .zeros)?.atMiddle, let mw = finding.retention(model, .wrap)?.atMiddle,
            let tz = finding.retention(than, .zeros)?.atMiddle, let tw = finding.retention(than, .wrap)?.atMiddle
        else {
            return .missing(
                "the translation probe has no 4-pixel shift of \(model.rawValue) and \(than.rawValue) above chance")
        }
        let tolerant = [(ShiftFill.zeros, mz > tz), (.wrap, mw > tw)].filter(\.1).map(\.0)
        return .translation(
            TranslationEvidence(
                shift: probe.shifts[finding.middle], modelZeros: mz, modelWrap: mw, thanZeros: tz, thanWrap: tw,
                moreTolerant: tolerant, modelWrapLoss: finding.retention(model, .wrap)?.lossAtMiddle ?? 0))
    }
}

import Study

/// A judged claim in words: what was measured, and the verdict.
enum ClaimText {
    static func verdict(_ c: ClaimFinding) -> String {
        switch (c.verdict, c.claim.test, c.evidence) {
        case (_, _, .missing(let what)): "not tested: \(what)"
        case (.supported, .noBetter, .accuracy(let e)):
            e.comparison.verdict == .worse
                ? "supported: the costlier model did worse"
                : "not contradicted: it bought no gain the seeds could detect"
                    + (Format.detectable(e.comparison).map { " (\($0))" } ?? "")
        case (.contradicted, .noBetter, _): "contradicted: the costlier model paid for its cost"
        case (.supported, _, _): "supported"
        case (.notShown, _, _): "not shown: the right direction, but within the seed noise"
        case (.contradicted, _, _): "contradicted"
        case (.notSupported, _, _): "not supported"
        case (.notTested, _, _): "not tested: the model has more parameters"
        case (.partly, _, _): "partly: more tolerant, not invariant"
        case (.partlyOneShift, _, _): "partly: more tolerant for one kind of shift only"
        }
    }

    static func measured(_ c: ClaimFinding, _ title: (StudyModel) -> String) -> String {
        let (model, than) = (StudyModel(rawValue: c.claim.models.model), StudyModel(rawValue: c.claim.models.than))
        switch c.evidence {
        case .accuracy(let e):
            return """
                \(title(model)) \(Format.meanStd(e.model)) with \(Format.count(e.parameters)) parameters vs \
                \(title(than)) \(Format.meanStd(e.than)) with \(Format.count(e.thanParameters)): \
                \(Format.signedPoints(e.comparison.difference)) points (\(Format.evidence(e.comparison))) for \
                \(Format.ratio(e.macRatio))× the multiply-accumulates
                """
        case .permutation(let e):
            return """
                permuting pixels: \(title(model)) \(Format.signedPoints(e.model.difference)) points \
                (\(Format.evidence(e.model))), \(title(than)) \(Format.signedPoints(e.than.difference)) \
                (\(Format.evidence(e.than))); the lead went from \(Format.signedPoints(e.leadBefore)) to \
                \(Format.signedPoints(e.leadAfter)) points
                """
        case .translation(let e):
            return """
                above-chance accuracy kept at a \(e.shift)-pixel shift: \(title(model)) \(Format.percent(e.modelWrap)) \
                (wrap) / \(Format.percent(e.modelZeros)) (black), \(title(than)) \(Format.percent(e.thanWrap)) / \
                \(Format.percent(e.thanZeros)); a wrap-around shift costs \(title(model)) \
                \(Format.points(e.modelWrapLoss)) points
                """
        case .missing(let what):
            return what
        }
    }
}

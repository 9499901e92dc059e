import DocumentKit
import Study

/// The lab's claims, each with what was measured and its verdict.
extension ReportWriter {
    struct ClaimRow {
        var claim, measured, verdict: String
    }

    func claimRows() -> [ClaimRow]? {
        guard let claims = findings.claims, let probes = findings.probes, let bias = results.inductiveBias else {
            return nil
        }
        var rows: [ClaimRow] = []
        if let verdict = claims.cnnBeatsMLP, let w = probes.ablations.cnnVersusMLP,
            let m = bias.ablation.row(.mlp), let c = bias.ablation.row(.cnn3)
        {
            rows.append(
                ClaimRow(
                    claim: "The CNN beats the MLP with fewer parameters",
                    measured: """
                        \(Format.meanStd(c.accuracy)) with \(Format.count(c.parameters)) parameters vs \
                        \(Format.meanStd(m.accuracy)) with \(Format.count(m.parameters)) (\(Format.p(w.welch)))
                        """, verdict: text(verdict, notTested: "the CNN has more parameters")))
        }
        if let verdict = claims.locality, let p = probes.permutation {
            rows.append(
                ClaimRow(
                    claim: "Convolutions assume locality",
                    measured: """
                        permuting pixels: CNN \(Format.signedPoints(p.cnn.difference)) points \
                        (\(Format.p(p.cnn.welch))), MLP \(Format.signedPoints(p.mlp.difference)) \
                        (\(Format.p(p.mlp.welch)))
                        """, verdict: text(verdict)))
        }
        let t = probes.translation
        if let verdict = claims.translation, let c = t.retention(.cnn3, .wrap)?.atMiddle,
            let m = t.retention(.mlp, .wrap)?.atMiddle, let cz = t.retention(.cnn3, .zeros)?.atMiddle,
            let mz = t.retention(.mlp, .zeros)?.atMiddle
        {
            rows.append(
                ClaimRow(
                    claim: "Convolutions make the network translation invariant",
                    measured: """
                        above-chance accuracy kept at a 4-pixel shift: CNN \(Format.percent(c)) (wrap) / \
                        \(Format.percent(cz)) (black), MLP \(Format.percent(m)) / \(Format.percent(mz))
                        """, verdict: text(verdict)))
        }
        let k = findings.kernel
        rows.append(
            ClaimRow(
                claim: "Small stacked kernels are the efficient choice",
                measured: """
                    5×5 vs 3×3: \(Format.signedPoints(k.comparison.difference)) points \
                    (\(Format.p(k.comparison.welch))) for \(Format.ratio(k.macRatio))× the multiply-accumulates
                    """,
                verdict: claims.smallKernels == .contradicted
                    ? "contradicted: 5×5 paid for its cost" : "supported: 5×5 bought nothing measurable"))
        return rows
    }

    func claimsTable() -> Table? {
        claimRows().map { rows in
            Table(header: ["claim", "measured", "verdict"], rows: rows.map { [$0.claim, $0.measured, $0.verdict] })
        }
    }

    func text(_ verdict: ClaimFindings.Verdict, notTested: String = "") -> String {
        switch verdict {
        case .supported: "supported"
        case .notShown: "not shown: the right direction, but within the seed noise"
        case .contradicted: "contradicted"
        case .notSupported: "not supported"
        case .notTested: "not tested: \(notTested)"
        case .partly: "partly: more tolerant than the MLP, not invariant"
        case .partlyOneShift: "partly: more tolerant than the MLP for one kind of shift only"
        }
    }
}

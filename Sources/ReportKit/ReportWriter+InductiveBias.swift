import DocumentKit
import Foundation
import Study

/// The sections that test the lab's claims: translation, pixel permutation, ablations,
/// receptive fields and feature maps.
extension ReportWriter {
    func inductiveBiasSections() -> [Section] {
        guard let bias = results.inductiveBias, let probes = findings.probes else { return [] }
        return [
            translation(bias.translation, probes.translation), permutation(bias.permutation, probes.permutation),
            ablations(bias.ablation, probes.ablations), receptiveFields(bias.receptiveFields, probes),
            featureMaps(bias.featureMaps),
        ]
    }

    func translation(_ t: TranslationProbe, _ f: TranslationFinding) -> Section {
        let curves = [(StudyModel.mlp, ShiftFill.zeros), (.cnn3, .zeros), (.mlp, .wrap), (.cnn3, .wrap)].map {
            t.curve($0, $1)
        }
        let rows = t.shifts.indices.map { k in
            ["\(t.shifts[k])"] + curves.map { c in c.map { Format.accuracy($0.accuracy[k]) } ?? "—" }
        }
        let (middle, largest) = (t.shifts[f.middle], t.shifts[f.largest])
        /// "the MLP keeps 55.8% of its above-chance accuracy at 4 pixels and 23.6% at 8; the CNN 67.7% and
        /// 34.7%", or, for a model at chance unshifted, that it has none to keep.
        func sentence(_ fill: ShiftFill) -> String {
            let none = "is not above chance on unshifted images, so it has no accuracy to keep"
            let (m, c) = (f.retention(.mlp, fill), f.retention(.cnn3, fill))
            let mlp = m.flatMap { r in r.atMiddle.flatMap { a in r.atLargest.map { (a, $0) } } }
            let cnn = c.flatMap { r in r.atMiddle.flatMap { a in r.atLargest.map { (a, $0) } } }
            guard let mlp, let cnn else {
                let phrase = { (r: (Double, Double)?) in
                    r.map { "keeps \(Format.percent($0.0)) at \(middle) pixels, \(Format.percent($0.1)) at \(largest)" }
                        ?? none
                }
                return "the MLP \(phrase(mlp)); the CNN \(phrase(cnn))"
            }
            return "the MLP keeps \(Format.percent(mlp.0)) of its above-chance accuracy at \(middle) pixels and "
                + "\(Format.percent(mlp.1)) at \(largest); "
                + "the CNN \(Format.percent(cnn.0)) and \(Format.percent(cnn.1))"
        }
        let architecture = """
            Convolutions are *equivariant* (a shifted input gives a shifted feature map) and each 2×2 pooling \
            absorbs a one-pixel move, but the dense layer on top gives every position of the last feature map its \
            own weights, so larger shifts change what it sees.
            """
        let verdict =
            switch f.cnnMoreTolerant.count {
            case 2:
                "The CNN degrades more gracefully under both kinds of shift, as the lab claims — but it is not invariant: a "
                    + "\(middle)-pixel wrap-around shift still costs it \(Format.points(f.cnnWrapLoss)) points. \(architecture)"
            case 1:
                "The CNN degrades more gracefully only "
                    + (f.cnnMoreTolerant[0] == .zeros
                        ? "with a black border; with wrap-around" : "with wrap-around; with a black border")
                    + " the MLP keeps as much or more, so the claim holds only in part. \(architecture)"
            default:
                "The CNN does not degrade more gracefully than the MLP here, so these runs do not support the claim as stated. \(architecture)"
            }
        let header = [
            "shift (pixels)", "MLP, black border", "CNN, black border", "MLP, wrap-around", "CNN, wrap-around",
        ]
        return Section(
            "Translation: does the CNN tolerate shifts?",
            [
                .paragraph(
                    """
                    The claim: convolutions make a network tolerant of where an object sits. The probe: the trained \
                    MLP and CNN (seed 0), unchanged, classify the \(Format.count(t.testCount)) test images moved by \
                    0 to \(largest) pixels — once with the uncovered border black, once wrapped around so that no \
                    pixel is lost. Each shift is the mean of a shift to the right and one down. Chance is \
                    \(Format.percent(results.statistics.chance)), so the fair measure is the share of the \
                    *above-chance* accuracy a model keeps.
                    """)
            ] + figure(.translation) + [
                .table(Table(header: header, rows: rows)),
                .paragraph(
                    "With a black border, \(sentence(.zeros)). With wrap-around, \(sentence(.wrap)). \(verdict)"),
            ])
    }

    func permutation(_ p: PermutationProbe, _ f: PermutationFinding?) -> Section {
        let rows = p.rows.map { r in
            [
                r.model.title, Format.meanStd(r.original), Format.meanStd(r.permuted),
                Format.signedPoints(r.welch.difference),
                Format.pValue(r.welch),
            ]
        }
        var blocks: [Block] =
            [
                .paragraph(
                    """
                    The claim: convolutions assume *locality*, that neighbouring pixels belong together. The probe: \
                    scramble the pixel positions of every image with one fixed random permutation (seed \
                    \(p.permutationSeed), the same for training and test images, colour channels kept together), \
                    then train the MLP and the CNN on it from scratch, over the same seeds. Neighbours are no longer \
                    neighbours; no information is lost. An MLP has no notion of pixel order (permuting its inputs is \
                    the same as permuting the rows of its first weight matrix), so it should not notice; a CNN's 3×3 \
                    windows now see unrelated pixels.
                    """)
            ] + figure(.permutation) + [
                .table(
                    Table(
                        header: ["model", "original images", "permuted pixels", "change (points)", "p (Welch)"],
                        rows: rows))
            ]
        if let f {
            let mlpNoise =
                f.mlp.isSignificant
                ? "more than the seed noise, \(Format.p(f.mlp.welch))"
                : "within the seed noise, \(Format.p(f.mlp.welch))"
            let cnnNoise =
                f.cnn.isSignificant
                ? "beyond the noise, \(Format.p(f.cnn.welch))" : "within the noise, \(Format.p(f.cnn.welch))"
            blocks.append(
                .paragraph(
                    """
                    The MLP moved by \(Format.signedPoints(f.mlp.difference)) points (\(mlpNoise)); the CNN by \
                    \(Format.signedPoints(f.cnn.difference)) points (\(cnnNoise)). The CNN's lead over the MLP went \
                    from \(Format.signedPoints(f.leadBefore)) points on the original images to \
                    \(Format.signedPoints(f.leadAfter)) on the permuted ones: \
                    \(f.cnnLostMostOfItsLead ? "without locality to exploit, most of its advantage is gone." : "it kept much of its advantage, so locality is not all it exploits.")
                    """))
        }
        return Section("Pixel permutation: what locality is worth", blocks)
    }
}

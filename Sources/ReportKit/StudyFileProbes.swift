import DocumentKit
import Study

/// A study file's probes section: what each probe the file asked for measured, as figures and
/// tables, for whichever models it named. Formats `StudyProbes`; computes nothing.
struct StudyFileProbes {
    let probes: StudyProbes
    let title: (StudyModel) -> String
    /// The figure block for an id, when there is that figure.
    let figure: (FigureID) -> [Block]

    func section() -> Section {
        var parts: [Section] = []
        if let t = probes.translation { parts.append(translation(t)) }
        if let p = probes.permutation { parts.append(permutation(p)) }
        if !probes.receptiveFields.isEmpty { parts.append(receptiveFields()) }
        if let maps = probes.featureMaps { parts.append(featureMaps(maps)) }
        return Section(
            "Probes",
            [
                .paragraph(
                    "The lab's probes of inductive bias, run on this study's models: each on the model's lowest-seed "
                        + "run, the permutation probe over every seed.")
            ],
            subsections: parts)
    }

    func translation(_ t: TranslationProbe) -> Section {
        let columns = t.models.flatMap { m in ShiftFill.allCases.map { (m, $0) } }
        let rows = t.shifts.indices.map { k in
            ["\(t.shifts[k])"]
                + columns.map { m, fill in t.curve(m, fill).map { Format.accuracy($0.accuracy[k]) } ?? "—" }
        }
        let header = ["shift (pixels)"] + columns.map { m, fill in "\(title(m)), \(Self.name(fill))" }
        return Section(
            "Translation",
            [
                .paragraph(
                    """
                    Each trained model, unchanged, classifies the \(Format.count(t.testCount)) test images moved \
                    by 0 to \(t.shifts.last ?? 0) pixels, once with the uncovered border black and once wrapped \
                    around; each shift is the mean of a shift to the right and one down.
                    """)
            ] + figure(.translation) + [.table(Table(header: header, rows: rows))])
    }

    func permutation(_ p: PermutationProbe) -> Section {
        let rows = p.rows.map { r in
            [
                title(r.model), Format.meanStd(r.original), Format.meanStd(r.permuted),
                Format.signedPoints(r.welch.difference), Format.pValue(r.welch),
            ]
        }
        return Section(
            "Pixel permutation",
            [
                .paragraph(
                    """
                    Each model trained and tested again on images whose pixel positions are scrambled by one fixed \
                    permutation (seed \(p.permutationSeed)), over the same seeds: a model that uses where pixels \
                    are relative to each other loses accuracy; one that does not, loses none.
                    """)
            ] + figure(.permutation) + [
                .table(
                    Table(
                        header: ["model", "original images", "pixels permuted", "difference (points)", "Welch p"],
                        rows: rows))
            ])
    }

    func receptiveFields() -> Section {
        let rows = probes.receptiveFields.map { f in
            [title(f.model), Format.square(f.theoretical), Format.square(f.halfMassSide), Format.count(f.images)]
        }
        return Section(
            "Receptive fields",
            [
                .paragraph(
                    """
                    Where the last conv layer's centre unit looks: the gradient of that unit with respect to each \
                    input pixel, summed over test images, against the square its layers could see at most.
                    """)
            ] + figure(.receptiveFields) + [
                .table(
                    Table(
                        header: ["model", "theoretical field", "half the gradient within", "images"], rows: rows))
            ])
    }

    func featureMaps(_ maps: FeatureMaps) -> Section {
        Section(
            "Feature maps",
            [.paragraph("What \(title(maps.model))'s conv layers respond to in two test images, after each ReLU.")]
                + figure(.featureMaps))
    }

    static func name(_ fill: ShiftFill) -> String { fill == .zeros ? "black border" : "wrap-around" }
}

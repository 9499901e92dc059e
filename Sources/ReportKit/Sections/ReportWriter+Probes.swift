import DocumentKit
import Study

/// A section per probe the study asks for: shifted test images, pixel permutation, receptive
/// fields and feature maps, each on the models the study file names.
extension ReportWriter {
    func probeSections() -> [Section] {
        guard let p = results.probes, let f = findings.probes else { return [] }
        return [
            p.translation.flatMap { t in f.translation.map { translation(t, $0) } },
            p.permutation.map { permutation($0, f) },
            p.receptiveFields.isEmpty ? nil : receptiveFields(p.receptiveFields, f),
            p.featureMaps.map(featureMaps),
        ].compactMap { $0 }
    }

    func translation(_ t: TranslationProbe, _ f: TranslationFinding) -> Section {
        let columns = ShiftFill.allCases.flatMap { fill in t.models.map { ($0, fill) } }
        let rows = t.shifts.indices.map { k in
            ["\(t.shifts[k])"]
                + columns.map { m, fill in t.curve(m, fill).map { Format.accuracy($0.accuracy[k]) } ?? "—" }
        }
        let header = ["shift (pixels)"] + columns.map { m, fill in "\(results.label(m)), \(Self.name(fill))" }
        let (middle, largest) = (t.shifts[f.middle], t.shifts[f.largest])
        let kept = ShiftFill.allCases.map { fill in
            "\(fill == .zeros ? "With a black border" : "With wrap-around"), "
                + t.models.map { retention($0, fill, f, middle: middle, largest: largest) }.joined(separator: "; ")
                + "."
        }
        return Section(
            "Translation: how much accuracy survives a shift",
            [
                .paragraph(
                    """
                    Convolutions are *equivariant* (a shifted input gives a shifted feature map) and each pooling \
                    absorbs small moves, but a dense layer on top gives every position its own weights. The probe: \
                    each trained model (its lowest-seed run), unchanged, classifies the \
                    \(Format.count(t.testCount)) test images moved by 0 to \(largest) pixels — once with the \
                    uncovered border black, once wrapped around so that no pixel is lost. Each shift is the mean of a \
                    shift to the right and one down. Chance is \(Format.percent(results.chance)), so the fair \
                    measure is the share of the *above-chance* accuracy a model keeps.
                    """)
            ] + figure(.translation) + [
                .table(Table(header: header, rows: rows)), .paragraph(kept.joined(separator: " ")),
            ])
    }

    /// "the MLP keeps 55.8% of its above-chance accuracy at 4 pixels and 23.6% at 8", or that a
    /// model at chance unshifted has none to keep.
    func retention(_ m: StudyModel, _ fill: ShiftFill, _ f: TranslationFinding, middle: Int, largest: Int) -> String {
        guard let r = f.retention(m, fill), let a = r.atMiddle, let b = r.atLargest else {
            return "\(title(m)) is not above chance on unshifted images, so it has no accuracy to keep"
        }
        return "\(title(m)) keeps \(Format.percent(a)) of its above-chance accuracy at \(middle) pixels and "
            + "\(Format.percent(b)) at \(largest)"
    }

    func permutation(_ p: PermutationProbe, _ f: ProbeFindings) -> Section {
        let rows = p.rows.map { r in
            [
                title(r.model), Format.meanStd(r.original), Format.meanStd(r.permuted),
                Format.signedPoints(r.comparison.difference), Format.interval(r.comparison.interval),
                Format.pValue(r.comparison.test.p), Format.pValue(r.comparison.adjustedP),
            ]
        }
        let moved = f.permutation.map { m in
            let c = m.comparison
            return "\(title(m.model)) moved by \(Format.signedPoints(c.difference)) points ("
                + (c.isSignificant ? "beyond" : "within") + " the seed noise: \(Format.evidence(c))"
                + (c.isSignificant ? "" : Format.detectable(c).map { "; \($0)" } ?? "") + ")"
        }
        return Section(
            "Pixel permutation: what locality is worth",
            [
                .paragraph(
                    """
                    Convolutions assume *locality*, that neighbouring pixels belong together. The probe: scramble \
                    the pixel positions of every image with one fixed random permutation (seed \
                    \(p.permutationSeed), the same for training and test images, colour channels kept together), \
                    then train each model on it from scratch, over the same seeds. Neighbours are no longer \
                    neighbours; no information is lost. A fully connected network has no notion of pixel order \
                    (permuting its inputs is the same as permuting the rows of its first weight matrix), so it \
                    should not notice; a convolution's windows now see unrelated pixels.
                    """)
            ] + figure(.permutation) + [
                .table(
                    Table(
                        header: [
                            "model", "original images", "permuted pixels", "change (points)", "interval", "p (Welch)",
                            "p adjusted",
                        ],
                        rows: rows)),
                .paragraph(moved.joined(separator: "; ") + "."),
            ])
    }

    func receptiveFields(_ fields: [EffectiveReceptiveField], _ f: ProbeFindings) -> Section {
        let rows = zip(fields, f.receptiveFields).map { field, used in
            [
                title(field.model), Format.square(field.theoretical), Format.square(field.halfMassSide),
                Format.percent(used.usedShare),
            ]
        }
        var blocks: [Block] =
            [
                .paragraph(
                    """
                    The receptive field of a unit is the input window that can influence it; the layer tables list \
                    it per layer. Its *effective* receptive field is where the influence actually is: the gradient \
                    of the unit with respect to the input pixels, averaged in magnitude over \
                    \(fields.first.map { Format.count($0.images) } ?? "0") test images. Here the unit is the centre \
                    of the last conv layer's map, all filters summed, in each model's lowest-seed run.
                    """)
            ] + figure(.receptiveFields) + [
                .table(
                    Table(
                        header: [
                            "model", "theoretical field", "half of the gradient within", "share of the field's area",
                        ], rows: rows))
            ]
        if let narrow = fields.min(by: { $0.theoretical < $1.theoretical }),
            let wide = fields.max(by: { $0.theoretical < $1.theoretical }), let area = f.fieldAreaRatio
        {
            blocks.append(
                .paragraph(
                    """
                    A unit of \(title(wide.model)) can see \(Format.square(wide.theoretical)) pixels against \
                    \(Format.square(narrow.theoretical)) for \(title(narrow.model)), \(Format.ratio(area))× the area, \
                    but half of its gradient falls within the central \(Format.square(wide.halfMassSide)) (against \
                    \(Format.square(narrow.halfMassSide))): the influence is concentrated in the middle of the field \
                    and fades towards its edges, as Luo et al. (2016) found — the theoretical field overstates what a \
                    unit uses.
                    """))
        }
        return Section("Receptive fields: theoretical and effective", blocks)
    }

    func featureMaps(_ maps: FeatureMaps) -> Section {
        let names = results.statistics?.classNames ?? []
        let layers = Format.countWord(maps.layers.count, "conv layer").lowercased()
        let rows = maps.layers.map { layer in
            ["conv layer \(layer.convolution)", "\(layer.channels) × \(layer.height)×\(layer.width)"]
                + maps.images.indices.map { i in
                    "\(layer.silentMaps(image: i)) silent; \(Format.percent(layer.activeShare(image: i))) non-zero"
                }
        }
        let header =
            ["layer", "maps"]
            + maps.images.enumerated().map { i, index in
                "test image \(index)" + (names.indices.contains(maps.labels[i]) ? " (\(names[maps.labels[i]]))" : "")
            }
        return Section(
            "Feature maps",
            [
                .paragraph(
                    """
                    What the trained \(title(maps.model)) (its lowest seed) computes, for two test images it \
                    classifies correctly: every activation map of its \(layers) after the ReLU, each scaled to its \
                    own maximum (black is zero).
                    """)
            ] + figure(.featureMaps) + [
                .table(Table(header: header, rows: rows)),
                .paragraph(
                    """
                    The first layer's maps still look like the image: edge, colour and brightness detectors applied \
                    everywhere. Deeper maps, at lower resolution, are sparser and harder to read; a map that is \
                    silent (all zero) for an image is a feature it does not contain, and the ReLU leaves many \
                    positions at exactly zero (the table counts them at the figure's 8-bit resolution).
                    """),
            ])
    }

    static func name(_ fill: ShiftFill) -> String { fill == .zeros ? "black border" : "wrap-around" }
}

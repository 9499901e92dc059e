import DocumentKit
import Foundation
import Study

/// The ablations, receptive fields and feature maps.
extension ReportWriter {
    func ablations(_ a: AblationTable, _ f: AblationFindings) -> Section {
        let rows = a.rows.map { r in
            [
                r.model.title, Format.count(r.parameters), Format.count(r.multiplyAccumulates),
                Format.seconds(r.epochSeconds.mean),
                Format.meanStd(r.accuracy), r.versusCNN3.map { Format.signedPoints($0.difference) } ?? "—",
                Format.pValue(r.versusCNN3),
            ]
        }
        let header = [
            "model", "parameters", "multiply-accumulates", "seconds per epoch", "test accuracy (mean ± std)",
            "vs CNN 3×3 (points)", "p",
        ]
        var blocks: [Block] =
            [
                .paragraph(
                    """
                    The lab's other learning objectives — padding, stride and depth — as controlled experiments: \
                    each model below changes one thing about the 3×3 CNN and keeps the rest (data, optimiser, \
                    \(results.runs.first?.run.configuration.epochs ?? 0) epochs, batch size, the same seeds \
                    \(results.experiment.seeds.map(String.init).joined(separator: ", "))). The difference to the 3×3 \
                    CNN is tested with Welch's t-test over seeds.
                    """),
                .table(Table(header: header, rows: rows)),
            ] + figure(.ablationScatter)
        blocks.append(ablationVerdicts(a, f))
        if let best = f.mostAccurate.flatMap(a.row), let lean = f.mostAccuratePerParameter.flatMap(a.row) {
            let r = f.parameterAccuracyCorrelation
            let reading =
                f.correlationIsWeak
                ? "where the parameters sit (a large dense layer over a big feature map, or convolutions) matters more than how many there are."
                : "here more parameters did go with \(r > 0 ? "higher" : "lower") accuracy."
            blocks.append(
                .paragraph(
                    """
                    The most accurate model is \(best.model.title) (\(Format.meanStd(best.accuracy))); the most \
                    accurate per parameter is \(lean.model.title) (\(Format.count(lean.parameters)) parameters). \
                    Across the \(a.rows.count) models the correlation of parameter count with accuracy is r = \
                    \(String(format: "%.2f", r)): \(reading)
                    """))
        }
        blocks.append(
            .paragraph(
                """
                Seconds per epoch are the wall times measured during each run (cached runs keep theirs); a run that \
                shared the machine with other work reads slower, so compare costs by the multiply-accumulates, which \
                do not depend on load.
                """))
        let tables = StudyModel.ablations.compactMap(model).map { Section($0.title, [.table(Tables.layers($0))]) }
        return Section("Architecture ablations: padding, stride, depth", blocks, subsections: tables)
    }

    /// One bullet per ablation: its accuracy and whether it is better, worse or within the noise.
    func ablationVerdicts(_ a: AblationTable, _ f: AblationFindings) -> Block {
        .bullets(
            f.rows.compactMap { finding in
                guard let r = a.row(finding.model), let change = finding.model.change else { return nil }
                let c = finding.comparison
                let verdict =
                    switch c.verdict {
                    case .better:
                        "**better** than the 3×3 CNN by \(Format.points(c.difference)) points (\(Format.p(c.welch)))"
                    case .worse: "**worse** by \(Format.points(-c.difference)) points (\(Format.p(c.welch)))"
                    case .indistinguishable, .untestable:
                        "no difference that the seeds can tell from noise "
                            + "(\(Format.signedPoints(c.difference)) points, \(Format.p(c.welch)))"
                    }
                let title = change.prefix(1).uppercased() + change.dropFirst()
                return "**\(title).** \(Format.meanStd(r.accuracy)): \(verdict), with \(Format.count(r.parameters)) "
                    + "parameters and \(Format.count(r.multiplyAccumulates)) multiply-accumulates."
            })
    }

    func receptiveFields(_ fields: [EffectiveReceptiveField], _ probes: ProbeFindings) -> Section {
        let rows = zip(fields, probes.receptiveFields).map { f, u in
            [f.model.title, Format.square(f.theoretical), Format.square(f.halfMassSide), Format.percent(u.usedShare)]
        }
        var blocks: [Block] =
            [
                .paragraph(
                    """
                    The receptive field of a unit is the input window that can influence it; the model tables list \
                    it per layer. Its *effective* receptive field is where the influence actually is: the gradient \
                    of the unit with respect to the input pixels, averaged in magnitude over \
                    \(fields.first.map { Format.count($0.images) } ?? "0") test images. Here the unit is the centre \
                    of the last conv layer's map, all filters summed, in the seed-0 models.
                    """)
            ] + figure(.receptiveFields) + [
                .table(
                    Table(
                        header: [
                            "model", "theoretical field", "half of the gradient within", "share of the field's area",
                        ], rows: rows))
            ]
        if let f3 = fields.first(where: { $0.model == .cnn3 }), let f5 = fields.first(where: { $0.model == .cnn5 }),
            let area = probes.fieldAreaRatio
        {
            blocks.append(
                .paragraph(
                    """
                    The 5×5 network's unit can see \(Format.square(f5.theoretical)) pixels against \
                    \(Format.square(f3.theoretical)), \(Format.ratio(area))× the area, but half of its gradient \
                    falls within the central \(Format.square(f5.halfMassSide)) (against \
                    \(Format.square(f3.halfMassSide))): the influence is concentrated in the middle of the field and \
                    fades towards its edges, as Luo et al. (2016) found — the theoretical field overstates what a \
                    unit uses.
                    """))
        }
        return Section("Receptive fields: theoretical and effective", blocks)
    }

    func featureMaps(_ maps: FeatureMaps) -> Section {
        let names = results.statistics.classNames
        let rows = maps.layers.map { layer in
            ["conv layer \(layer.convolution)", "\(layer.channels) × \(layer.height)×\(layer.width)"]
                + maps.images.indices.map { i in
                    "\(layer.silentMaps(image: i)) silent; \(Format.percent(layer.activeShare(image: i))) non-zero"
                }
        }
        let header =
            ["layer", "maps"]
            + maps.images.enumerated().map { i, index in
                "test image \(index) (\(names.indices.contains(maps.labels[i]) ? names[maps.labels[i]] : "?"))"
            }
        return Section(
            "Feature maps",
            [
                .paragraph(
                    """
                    What the trained 3×3 CNN (seed 0) computes, for two test images it classifies correctly: every \
                    activation map of both conv layers after the ReLU, each scaled to its own maximum (black is zero).
                    """)
            ] + figure(.featureMaps) + [
                .table(Table(header: header, rows: rows)),
                .paragraph(
                    """
                    The first layer's maps still look like the image: edge, colour and brightness detectors applied \
                    everywhere. The second layer's maps, at half the resolution, are sparser and harder to read; a \
                    map that is silent (all zero) for an image is a feature it does not contain, and the ReLU leaves \
                    many positions at exactly zero (the table counts them at the figure's 8-bit resolution).
                    """),
            ])
    }
}

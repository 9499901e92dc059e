import CIFAR
import Figures
import Imaging
import Study

/// The probes' figures — shifted images, permuted pixels, receptive fields, feature maps — for
/// whichever models they were measured on.
struct ProbeFigures {
    let theme: Theme
    let classNames: [String]
    /// The test images the probes ran on (the feature maps show their inputs).
    let test: ImageSet
    /// A model's title, and its label for a chart, as the study names them.
    let title: (StudyModel) -> String
    let label: (StudyModel) -> String

    func translation(_ t: TranslationProbe) -> ReportFigure {
        .chart(
            .translation, "Test accuracy against shift, black border (left) and wrap-around (right).",
            width: 780, height: 310, theme: theme
        ) { [theme, label] c, r in
            let panels = r.columns(2, gap: 28)
            for (panel, fill) in zip(panels, [ShiftFill.zeros, .wrap]) {
                let series = t.models.enumerated().compactMap { i, m in
                    t.curve(m, fill).map { curve in
                        LineChart.Series(
                            name: label(m),
                            points: zip(t.shifts, curve.accuracy).map { Point(x: Double($0), y: $1) },
                            color: theme.color(i))
                    }
                }
                LineChart(
                    title: fill == .zeros ? "Shifted, border filled with black" : "Shifted with wrap-around",
                    xLabel: "shift (pixels, mean of right and down)", yLabel: "test accuracy", series: series,
                    yRange: (0, 0.8), integerX: true
                ).draw(on: c, in: panel)
            }
        }
    }

    func permutation(_ p: PermutationProbe) -> ReportFigure {
        .chart(
            .permutation, "Test accuracy on the original and the permuted images, mean ± std over seeds.",
            width: 600, height: 320, theme: theme
        ) { c, r in
            BarChart(
                title: "Test accuracy, original vs pixel-permuted images (mean ± std over seeds)",
                categories: p.rows.map { label($0.model) },
                series: [
                    .init(
                        name: "original images", values: p.rows.map(\.original.mean), errors: p.rows.map(\.original.std)
                    ),
                    .init(
                        name: "pixels permuted (one fixed permutation)", values: p.rows.map(\.permuted.mean),
                        errors: p.rows.map(\.permuted.std)),
                ], yLabel: "test accuracy", yRange: (0, 1), valueFormat: "%.3f"
            ).draw(on: c, in: r)
        }
    }

    func receptiveFields(_ fields: [EffectiveReceptiveField], caption: String) -> ReportFigure {
        .chart(
            .receptiveFields, caption, width: 660, height: 380, theme: theme
        ) { c, r in
            let body = drawTitle("Effective receptive field of the last conv layer's centre unit", on: c, in: r)
            for (panel, field) in zip(body.columns(fields.count, gap: 28), fields) {
                let s = field.support
                FieldMap(
                    title: label(field.model), values: field.magnitude, width: field.width, height: field.height,
                    box: (s[0], s[1], s[2], s[3]),
                    caption: "box: theoretical \(Format.square(field.theoretical)); "
                        + "half the gradient within \(Format.square(field.halfMassSide))"
                )
                .draw(on: c, in: panel)
            }
        }
    }
}

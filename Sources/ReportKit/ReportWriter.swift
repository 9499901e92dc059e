import CIFAR
import DocumentKit
import Foundation
import Study

/// The study's report as a `Document`: every number in it comes from `results`, every judgement
/// from `findings`; this only puts them into words.
struct ReportWriter {
    let results: StudyResults
    let findings: Findings
    /// The figures, by id (the registry the figure writer draws from).
    let figures: [FigureID: ReportFigure]
    /// The figures folder relative to the report.
    let figurePath: String

    func document() -> Document {
        let subtitle =
            "A reproducible study by ConvLab \(results.environment.convlabVersion). "
            + "Every number below was computed by the run it describes."
        return Document(
            title: "Convolutional networks on CIFAR-10", subtitle: subtitle,
            sections: [summary(), data(), models(), training(), testResults(), kernelExperiment()]
                + inductiveBiasSections() + [discussion(), deployment()] + trust() + [reproducibility()])
    }

    /// The engine's credentials, when the results carry them (results from before ConvLab
    /// recorded them do not).
    func trust() -> [Section] {
        guard let checks = results.engineChecks, let losses = results.initialLosses else { return [] }
        return [
            TrustSection.section(
                initialLosses: losses, checks: checks, title: { model($0)?.title ?? $0.rawValue })
        ]
    }

    /// The figure block for `id`, when the results have that figure.
    func figure(_ id: FigureID) -> [Block] {
        figures[id].map { [$0.block(under: figurePath)] } ?? []
    }

    func model(_ m: StudyModel) -> ModelDescription? { results.description(m) }

    func summary() -> Section {
        var blocks: [Block] = []
        if let h = findings.headline {
            blocks.append(
                .paragraph(
                    """
                    On the \(Format.count(h.testCount)) test images, the CNN with 3×3 kernels reached \
                    **\(Format.percent(h.cnnAccuracy))** accuracy and the fully connected baseline \
                    **\(Format.percent(h.mlpAccuracy))**: \
                    \(h.gain >= 0 ? "\(Format.points(h.gain)) points better" : "\(Format.points(-h.gain)) points worse") \
                    with \(Format.percent(h.parameterSaving)) fewer parameters \
                    (\(Format.count(h.cnnParameters)) against \(Format.count(h.mlpParameters))). \
                    Both were trained for \(h.epochs) epochs with the same optimiser, batch size and seed.
                    """))
        }
        blocks.append(.paragraph(kernelVerdict()))
        if let claims = claimRows() {
            let verdicts = claims.map { "*\($0.claim.prefix(1).lowercased() + $0.claim.dropFirst())*: \($0.verdict)" }
            blocks.append(
                .paragraph(
                    "The lab's claims, each tested by its own experiment below — " + verdicts.joined(separator: "; ")
                        + "."))
        }
        if results.options.quick {
            blocks.append(
                .callout(
                    """
                    This is a **quick** run: \(Format.count(StudyOptions.quickTrainingImages)) training and \
                    \(Format.count(StudyOptions.quickTestImages)) test images, a few epochs. Its numbers check the \
                    pipeline, not the models.
                    """))
        }
        return Section("Summary", blocks)
    }

    func data() -> Section {
        let s = results.statistics
        let rows = s.classNames.indices.map {
            [s.classNames[$0], Format.count(s.trainingClassCounts[$0]), Format.count(s.testClassCounts[$0])]
        }
        let channels = s.channels.map { c in
            [
                c.name, String(format: "%.1f", c.rawMean), String(format: "%.1f", c.rawStd),
                String(format: "%.4f", c.scaledMean),
                String(format: "%.4f", c.scaledStd),
            ]
        }
        let first = results.runs.first?.run
        let balance =
            s.isBalanced
            ? "The classes are exactly balanced: \(Format.count(s.trainingClassCounts[0])) training and \(Format.count(s.testClassCounts[0])) "
                + "test images each, so accuracy is a fair summary and chance is \(Format.percent(s.chance))."
            : "The classes are not exactly balanced; the table gives the counts."
        let modified = results.data.modifiedFiles ?? []
        let files = modified.isEmpty ? "the official" : "modified"
        let warning = modifiedDataWarning(modified)
        return Section(
            "Data",
            warning + [
                .paragraph(
                    """
                    CIFAR-10 has \(Format.count(s.trainingCount)) training and \(Format.count(s.testCount)) test \
                    images of \(s.imageShape[0])×\(s.imageShape[1]) pixels with \(s.imageShape[2]) colour channels \
                    (RGB), in \(s.classNames.count) classes. They were read from \
                    \(files) binary files \
                    (`\(results.data.directory)`), whose MD5 checksums are listed under Reproducibility. The last \
                    \(Format.count(first?.validationCount ?? 0)) training images are held out for validation, as \
                    Keras' `validation_split=0.1` does, so the models train on \
                    \(Format.count(first?.trainingCount ?? 0)).
                    """)
            ] + figure(.samples) + [
                .paragraph(balance),
                .table(Table(header: ["class", "training images", "test images"], rows: rows)),
            ] + figure(.classBalance) + [
                .paragraph(
                    "Pixels are bytes 0–255; the models see them divided by 255. Per channel, over the training images:"
                ),
                .table(
                    Table(
                        header: ["channel", "mean (0–255)", "std (0–255)", "mean in [0, 1]", "std in [0, 1]"],
                        rows: channels)),
            ] + figure(.pixelHistograms))
    }

    func models() -> Section {
        let subsections = StudyModel.lab.compactMap(model).map { Section($0.title, [.table(Tables.layers($0))]) }
        let c = findings.costs
        let field = { (side: Int?) in side.map(Format.square) ?? "—" }
        return Section(
            "Models",
            [
                .paragraph(
                    """
                    Three models, all ending in 10 outputs with a softmax, all initialised the Keras way \
                    (Glorot-uniform weights, zero biases) from the run's seed. Shapes are per image, channels last.
                    """),
                .bullets([
                    """
                    **Where the MLP's parameters are.** Flattening a 32×32×3 image gives 3,072 inputs; a dense layer \
                    of 256 units has a weight for every input–unit pair, 3,072 × 256 = 786,432, plus 256 biases: \
                    **\(Format.count(c.mlpFirstDense))** parameters, \(Format.percent(c.mlpFirstDenseShare)) of the \
                    model.
                    """,
                    """
                    **Why the convolutions are cheap in parameters.** The first 3×3 convolution has 32 filters of \
                    3×3×3 weights and a bias each: 32 × 28 = **\(Format.count(c.cnnFirstConvolution))** parameters, \
                    shared over all 1,024 positions. Most of the CNN's parameters sit in its first dense layer \
                    (\(Format.count(c.cnnFirstDense)) = 4,096 × 128 + 128).
                    """,
                    """
                    **…and expensive in arithmetic.** Sharing weights over positions means every weight is used at \
                    every pixel: the 3×3 CNN does \(Format.count(model(.cnn3)?.multiplyAccumulates ?? 0)) \
                    multiply-accumulates per image, \(Format.ratio(c.cnnOverMLP))× the MLP's.
                    """,
                    """
                    **Receptive field.** The side of the input window that one unit can see grows with every \
                    convolution and pooling: by the last pooling layer it is \(field(c.field3)) pixels with 3×3 \
                    kernels and \(field(c.field5)) with 5×5.
                    """,
                ]),
            ], subsections: subsections)
    }

    /// A warning above everything the data section says, when the data is not the official release.
    private func modifiedDataWarning(_ files: [ModifiedFile]) -> [Block] {
        guard !files.isEmpty else { return [] }
        let list = files.map { "`\($0.name)` (MD5 `\($0.md5)`, official `\($0.published)`)" }
        return [
            .callout(
                """
                **Modified data.** \(list.joined(separator: ", ")) \(files.count == 1 ? "is" : "are") not the \
                official CIFAR-10 \(files.count == 1 ? "file" : "files"); the study was run on \
                \(files.count == 1 ? "it" : "them") with `--accept-modified-data`, so its numbers are not comparable \
                with results on CIFAR-10.
                """)
        ]
    }
}

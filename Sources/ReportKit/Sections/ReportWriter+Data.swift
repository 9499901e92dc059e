import CIFAR
import DocumentKit
import Study

/// The data set: its classes, sample images and pixel statistics.
extension ReportWriter {
    func data() -> Section {
        guard let s = results.statistics else { return Section("Data") }
        let rows = s.classNames.indices.map {
            [s.classNames[$0], Format.count(s.trainingClassCounts[$0]), Format.count(s.testClassCounts[$0])]
        }
        let channels = s.channels.map { c in
            [
                c.name, String(format: "%.1f", c.rawMean), String(format: "%.1f", c.rawStd),
                String(format: "%.4f", c.scaledMean), String(format: "%.4f", c.scaledStd),
            ]
        }
        let first = results.runs.first?.run
        let balance =
            s.isBalanced
            ? "The classes are exactly balanced: \(Format.count(s.trainingClassCounts[0])) training and "
                + "\(Format.count(s.testClassCounts[0])) test images each, so accuracy is a fair summary and chance "
                + "is \(Format.percent(s.chance))."
            : "The classes are not exactly balanced; the table gives the counts."
        let modified = results.data.modifiedFiles ?? []
        return Section(
            "Data",
            [
                .paragraph(
                    """
                    CIFAR-10 has \(Format.count(s.trainingCount)) training and \(Format.count(s.testCount)) test \
                    images of \(s.imageShape[0])×\(s.imageShape[1]) pixels with \(s.imageShape[2]) colour channels \
                    (RGB), in \(s.classNames.count) classes. They were read from \
                    \(modified.isEmpty ? "the official" : "modified") binary files \
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

    /// A warning at the top of the report, when the data is not the official release.
    func modifiedDataWarning(_ files: [ModifiedFile]) -> [Block] {
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

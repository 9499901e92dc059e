import DocumentKit
import Study

/// What the study's verdicts do not cover: what it held fixed, how few seeds it has, its one
/// split of the data and how it used the test set.
extension ReportWriter {
    func limitations() -> Section {
        let seedCounts = results.experiments.flatMap { $0.rows.map(\.seeds.count) }
        let detectable = results.experiments.flatMap { $0.comparisons.compactMap(\.comparison.detectableDifference) }
        var bullets: [String] = []
        if let fewest = seedCounts.min(), let most = seedCounts.max() {
            let range = fewest == most ? "\(fewest)" : "\(fewest) to \(most)"
            let smallest =
                detectable.min().map { low in
                    let high = detectable.max() ?? low
                    let span = low == high ? Format.points(low) : "\(Format.points(low)) to \(Format.points(high))"
                    return ": differences under \(span) points (by comparison) could not be told from seed noise"
                } ?? ""
            bullets.append(
                "**Few seeds.** Each model trained from \(range) seeds\(smallest). Smaller real differences may "
                    + "exist; more seeds (or `seeds: {min: …, max: …}`) would show them.")
        }
        if let c = results.runs.first?.run.configuration {
            bullets.append(
                "**One recipe.** Each experiment varies its models against one fixed recipe (\(c.epochs) epochs, "
                    + "batches of \(c.batchSize), Adam at a learning rate of \(c.optimizer.learningRate), "
                    + "unless a model says otherwise); nothing was tuned per model, so a model that needs another "
                    + "recipe is judged on this one.")
            bullets.append(
                "**One split of the data.** The validation images are the last \(Format.count(c.validationCount)) "
                    + "training images for every run; another split, or other data than CIFAR-10, may rank the "
                    + "models differently.")
        }
        bullets.append(
            "**The test set.** Test accuracy is recorded after every epoch to draw the curves, but nothing is chosen "
                + "by it: the kept epoch, the end point and the deployed model are chosen on validation images, and "
                + "each verdict reads one test accuracy per run (\(results.endPoint.phrase)).")
        bullets.append(
            "**One machine.** A run's numbers depend on the processor's kernels and the thread count that "
                + "trained it (see Reproducibility): on another machine the same seeds give another draw.")
        return Section("Limitations", [.bullets(bullets)])
    }
}

import Foundation
import Study

/// The study's report as a `Document`: every number in it comes from `results`.
struct ReportWriter {
    let results: StudyResults
    /// Figure file names by id, relative to the figures folder.
    let figures: [String: String]
    /// The figures folder relative to the report.
    let figurePath: String

    func document() -> Document {
        Document(title: "Convolutional networks on CIFAR-10",
                 subtitle: "A reproducible study by ConvLab \(results.environment.convlabVersion). Every number below was computed by the run it describes.",
                 sections: [summary(), data(), models(), training(), results_(), kernelExperiment()] + inductiveBiasSections()
                    + [discussion(), deployment(), reproducibility()])
    }

    func figure(_ id: String, _ caption: String) -> Block? {
        figures[id].map { .figure(path: figurePath + "/" + $0, caption: caption) }
    }

    var mlp: RunRecord? { results.main(.mlp) }
    var cnn3: RunRecord? { results.main(.cnn3) }
    var cnn5: RunRecord? { results.main(.cnn5) }
    /// How many times the multiply-accumulates of `a` the model `b` costs.
    func macRatio(_ b: StudyModel, to a: StudyModel) -> Double {
        Double(results.description(b)?.multiplyAccumulates ?? 0) / Double(max(results.description(a)?.multiplyAccumulates ?? 1, 1))
    }
    var parameters: (mlp: Int, cnn3: Int, cnn5: Int) {
        (results.description(.mlp)?.parameters ?? 0, results.description(.cnn3)?.parameters ?? 0, results.description(.cnn5)?.parameters ?? 0)
    }

    // MARK: Sections

    func summary() -> Section {
        var blocks: [Block] = []
        if let mlp, let cnn3 {
            let gain = cnn3.testAccuracy - mlp.testAccuracy
            let fewer = 1 - Double(parameters.cnn3) / Double(parameters.mlp)
            blocks.append(.paragraph("""
            On the \(Format.count(cnn3.run.testCount)) test images, the CNN with 3×3 kernels reached **\(Format.percent(cnn3.testAccuracy))** \
            accuracy and the fully connected baseline **\(Format.percent(mlp.testAccuracy))**: \
            \(gain >= 0 ? "\(Format.points(gain)) points better" : "\(Format.points(-gain)) points worse") with \
            \(Format.percent(fewer)) fewer parameters (\(Format.count(parameters.cnn3)) against \(Format.count(parameters.mlp))). \
            Both were trained for \(cnn3.run.configuration.epochs) epochs with the same optimiser, batch size and seed.
            """))
        }
        blocks.append(.paragraph(kernelVerdict()))
        if let claims = claims() {
            let verdicts = claims.rows.map { "*\($0[0].prefix(1).lowercased() + $0[0].dropFirst())*: \($0[2])" }
            blocks.append(.paragraph("The lab's claims, each tested by its own experiment below — " + verdicts.joined(separator: "; ") + "."))
        }
        if results.options.quick {
            blocks.append(.callout("This is a **quick** run: \(Format.count(StudyOptions.quickTrainingImages)) training and \(Format.count(StudyOptions.quickTestImages)) test images, a few epochs. Its numbers check the pipeline, not the models."))
        }
        return Section("Summary", blocks)
    }

    func data() -> Section {
        let s = results.statistics
        let balanced = Set(s.trainingClassCounts).count == 1 && Set(s.testClassCounts).count == 1
        let rows = s.classNames.indices.map { [s.classNames[$0], Format.count(s.trainingClassCounts[$0]), Format.count(s.testClassCounts[$0])] }
        let channels = s.channels.map { c in
            [c.name, String(format: "%.1f", c.rawMean), String(format: "%.1f", c.rawStd), String(format: "%.4f", c.scaledMean), String(format: "%.4f", c.scaledStd)]
        }
        return Section("Data", [
            .paragraph("""
            CIFAR-10 has \(Format.count(s.trainingCount)) training and \(Format.count(s.testCount)) test images of \(s.imageShape[0])×\(s.imageShape[1]) pixels \
            with \(s.imageShape[2]) colour channels (RGB), in \(s.classNames.count) classes. They were read from the official binary files \
            (`\(results.data.directory)`), whose MD5 checksums are listed under Reproducibility. \
            The last \(Format.count(results.runs.first?.run.validationCount ?? 0)) training images are held out for validation, as Keras' \
            `validation_split=0.1` does, so the models train on \(Format.count(results.runs.first?.run.trainingCount ?? 0)).
            """),
        ] + [figure("eda-samples", "Eight training images of each class, enlarged with nearest-neighbour scaling so the 32×32 pixels stay visible.")].compactMap { $0 } + [
            .paragraph(balanced
                ? "The classes are exactly balanced: \(Format.count(s.trainingClassCounts[0])) training and \(Format.count(s.testClassCounts[0])) test images each, so accuracy is a fair summary and chance is \(Format.percent(1 / Double(s.classNames.count)))."
                : "The classes are not exactly balanced; the table gives the counts."),
            .table(Table(header: ["class", "training images", "test images"], rows: rows)),
        ] + [figure("eda-class-balance", "Images per class in the training and test sets.")].compactMap { $0 } + [
            .paragraph("Pixels are bytes 0–255; the models see them divided by 255. Per channel, over the training images:"),
            .table(Table(header: ["channel", "mean (0–255)", "std (0–255)", "mean in [0, 1]", "std in [0, 1]"], rows: channels)),
        ] + [figure("eda-pixel-histograms", "Distribution of pixel intensities per channel over the training set.")].compactMap { $0 })
    }

    func models() -> Section {
        let subsections = StudyModel.lab.compactMap { results.description($0) }.map { Section($0.title, [.table(layerTable($0))]) }
        let firstDense = results.description(.mlp)?.layers.first { $0.kind == "dense" }
        let conv1 = results.description(.cnn3)?.layers.first { $0.kind == "conv2d" }
        let dense3 = results.description(.cnn3)?.layers.first { $0.kind == "dense" }
        return Section("Models", [
            .paragraph("""
            Three models, all ending in 10 outputs with a softmax, all initialised the Keras way (Glorot-uniform weights, zero biases) \
            from the run's seed. Shapes are per image, channels last.
            """),
            .bullets([
                "**Where the MLP's parameters are.** Flattening a 32×32×3 image gives 3,072 inputs; a dense layer of 256 units has a weight for every input–unit pair, 3,072 × 256 = 786,432, plus 256 biases: **\(Format.count(firstDense?.parameters ?? 0))** parameters, \(Format.percent(Double(firstDense?.parameters ?? 0) / Double(max(parameters.mlp, 1)))) of the model.",
                "**Why the convolutions are cheap in parameters.** The first 3×3 convolution has 32 filters of 3×3×3 weights and a bias each: 32 × 28 = **\(Format.count(conv1?.parameters ?? 0))** parameters, shared over all 1,024 positions. Most of the CNN's parameters sit in its first dense layer (\(Format.count(dense3?.parameters ?? 0)) = 4,096 × 128 + 128).",
                "**…and expensive in arithmetic.** Sharing weights over positions means every weight is used at every pixel: the 3×3 CNN does \(Format.count(results.description(.cnn3)?.multiplyAccumulates ?? 0)) multiply-accumulates per image, \(String(format: "%.1f", macRatio(.cnn3, to: .mlp)))× the MLP's.",
                "**Receptive field.** The side of the input window that one unit can see grows with every convolution and pooling: by the last pooling layer it is \(results.description(.cnn3)?.layers.compactMap(\.receptiveField).last.map { "\($0)×\($0)" } ?? "—") pixels with 3×3 kernels and \(results.description(.cnn5)?.layers.compactMap(\.receptiveField).last.map { "\($0)×\($0)" } ?? "—") with 5×5.",
            ]),
        ], subsections: subsections)
    }

    /// A model's layers, as Keras' summary shows them, with the cost and receptive field of each.
    func layerTable(_ d: ModelDescription) -> Table {
        let rows = d.layers.map { l in
            [l.kind, Format.shape(l.outputShape), Format.count(l.parameters), Format.count(l.multiplyAccumulates), l.receptiveField.map { "\($0)×\($0)" } ?? "—"]
        } + [["**total**", "", "**\(Format.count(d.parameters))**", "**\(Format.count(d.multiplyAccumulates))**", ""]]
        return Table(header: ["layer", "output shape (H, W, C)", "parameters", "multiply-accumulates", "receptive field"], rows: rows)
    }

    func training() -> Section {
        guard let config = results.runs.first?.run.configuration else { return Section("Training") }
        var blocks: [Block] = [
            .paragraph("""
            Every model: softmax cross-entropy, Adam with Keras' defaults (learning rate \(config.optimizer.learningRate), β₁ \(config.optimizer.beta1), \
            β₂ \(config.optimizer.beta2), ε \(config.optimizer.epsilon)), mini-batches of \(config.batchSize) images shuffled anew each epoch, \
            \(config.epochs) epochs, no augmentation or regularisation. The training curve is the mean over the epoch's batches while the weights \
            were changing (what Keras prints); the validation curve is measured after each epoch.
            """),
        ]
        for model in StudyModel.lab {
            guard let record = results.main(model), let last = record.run.final else { continue }
            let best = record.run.epochs.max { $0.validationAccuracy < $1.validationAccuracy }!
            let gap = last.trainingAccuracy - last.validationAccuracy
            blocks.append(.paragraph("""
            **\(model.title).** Validation accuracy peaked at \(Format.percent(best.validationAccuracy)) after epoch \(best.epoch) and ended at \
            \(Format.percent(last.validationAccuracy)); training accuracy ended at \(Format.percent(last.trainingAccuracy)), \
            \(gap > 0.05 ? "\(Format.points(gap)) points above validation: the model had begun to overfit" : "close to validation: no strong overfitting yet"). \
            An epoch took \(Format.seconds(record.meanEpochSeconds)) on average (\(String(format: "%.0f", last.imagesPerSecond)) images/s in the last).
            """))
            if let f = figure("curves-\(model.rawValue)", "\(model.title): loss and accuracy per epoch, training and validation.") { blocks.append(f) }
        }
        return Section("Training", blocks)
    }

    func results_() -> Section {
        let mains = StudyModel.lab.compactMap { m in results.main(m).map { (m, $0) } }
        let rows = mains.map { m, r in
            [m.title, Format.count(results.description(m)?.parameters ?? 0), Format.accuracy(r.testAccuracy), Format.accuracy(r.run.final?.validationAccuracy ?? .nan), Format.seconds(r.meanEpochSeconds)]
        }
        var blocks: [Block] = [
            .table(Table(header: ["model", "parameters", "test accuracy", "validation accuracy", "seconds per epoch"], rows: rows)),
        ]
        if let f = figure("test-accuracy", "Test accuracy of the three models (seed 0).") { blocks.append(f) }
        if let mlp, let cnn3 {
            let names = results.statistics.classNames
            let gains = names.indices.map { cnn3.perClassAccuracy[$0] - mlp.perClassAccuracy[$0] }
            let most = gains.indices.max { gains[$0] < gains[$1] }!, least = gains.indices.min { gains[$0] < gains[$1] }!
            let hardest = cnn3.perClassAccuracy.indices.min { cnn3.perClassAccuracy[$0] < cnn3.perClassAccuracy[$1] }!
            let confusion = cnn3.confusion
            var pair = (0, 1, 0)
            for t in names.indices { for p in names.indices where t != p && confusion[t][p] > pair.2 { pair = (t, p, confusion[t][p]) } }
            blocks.append(.paragraph("""
            Per class, the CNN gains most on **\(names[most])** (\(Format.percent(mlp.perClassAccuracy[most])) → \(Format.percent(cnn3.perClassAccuracy[most]))) \
            and least on **\(names[least])** (\(Format.percent(mlp.perClassAccuracy[least])) → \(Format.percent(cnn3.perClassAccuracy[least]))). \
            Its hardest class is **\(names[hardest])** (\(Format.percent(cnn3.perClassAccuracy[hardest]))), and its most frequent confusion is \
            \(names[pair.0]) taken for \(names[pair.1]) (\(pair.2) of \(confusion[pair.0].reduce(0, +)) test images).
            """))
        }
        for (id, caption) in [("per-class-accuracy", "Test accuracy per class for each model."),
                              ("confusion-mlp", "MLP: counts of test images by true (rows) and predicted (columns) class."),
                              ("confusion-cnn3", "CNN, 3×3: the same confusion matrix."),
                              ("filters-cnn3", "The 3×3 CNN's 32 learned first-layer filters, shown in RGB, each stretched to its own range."),
                              ("filters-cnn5", "The 5×5 CNN's first-layer filters."),
                              ("mistakes-cnn3", "Test images the 3×3 CNN got wrong with the highest confidence: true → predicted class, and the probability it gave.")] {
            if let f = figure(id, caption) { blocks.append(f) }
        }
        return Section("Results", blocks)
    }

    func kernelVerdict() -> String {
        let e = results.experiment, n = e.seeds.count
        let diff = e.accuracy5.mean - e.accuracy3.mean
        let better = diff >= 0 ? "5×5" : "3×3"
        guard let p = e.welch.p else {
            return "With \(n) seed\(n == 1 ? "" : "s") per kernel size, 5×5 kernels scored \(Format.percent(e.accuracy5.mean)) and 3×3 \(Format.percent(e.accuracy3.mean)); more seeds are needed to tell the difference from noise."
        }
        let verdict = p < 0.05
            ? "The difference is larger than the seed-to-seed noise (Welch's t-test, p = \(String(format: "%.3f", p)))."
            : "The difference is within the seed-to-seed noise (Welch's t-test, p = \(String(format: "%.2f", p))): these runs do not show that either kernel size is better."
        return "Over \(n) seeds, 3×3 kernels reached \(Format.meanStd(e.accuracy3)) and 5×5 kernels \(Format.meanStd(e.accuracy5)) test accuracy (mean ± std, in points); \(better) is ahead by \(Format.points(abs(diff))) points. \(verdict)"
    }

    func kernelExperiment() -> Section {
        let e = results.experiment
        let d3 = results.description(.cnn3), d5 = results.description(.cnn5)
        let rows = [
            ["3×3", Format.count(d3?.parameters ?? 0), Format.count(d3?.multiplyAccumulates ?? 0), Format.seconds(e.epochSeconds3.mean), Format.meanStd(e.accuracy3), e.accuracy3.values.map(Format.accuracy).joined(separator: ", ")],
            ["5×5", Format.count(d5?.parameters ?? 0), Format.count(d5?.multiplyAccumulates ?? 0), Format.seconds(e.epochSeconds5.mean), Format.meanStd(e.accuracy5), e.accuracy5.values.map(Format.accuracy).joined(separator: ", ")],
        ]
        var blocks: [Block] = [
            .paragraph("""
            The same CNN with 5×5 instead of 3×3 kernels, everything else fixed (data, optimiser, epochs, batch size), trained from seeds \
            \(e.seeds.map(String.init).joined(separator: ", ")) each. A seed sets both the initial weights and the order of the batches, so the \
            spread over seeds is the noise any single comparison carries.
            """),
            .table(Table(header: ["kernels", "parameters", "multiply-accumulates", "seconds per epoch", "test accuracy (mean ± std)", "per seed"], rows: rows)),
            .paragraph(kernelVerdict()),
        ]
        if let f = figure("kernel-experiment", "Left: final test accuracy, mean ± standard deviation over seeds. Right: validation accuracy per epoch, mean with a ±1 std band.") {
            blocks.append(f)
        }
        blocks.append(.paragraph("""
        The 5×5 model costs \(String(format: "%.1f", macRatio(.cnn5, to: .cnn3)))× the multiply-accumulates of the 3×3 one for \(Format.count((d5?.parameters ?? 0) - (d3?.parameters ?? 0))) more \
        parameters, and its epochs took \(String(format: "%.1f", e.epochSeconds5.mean / max(e.epochSeconds3.mean, 1e-9)))× as long here.
        """))
        return Section("Kernel size: a controlled experiment", blocks)
    }

    func discussion() -> Section {
        guard let mlp, let cnn3 else { return Section("Discussion") }
        let winner = cnn3.testAccuracy >= mlp.testAccuracy
        let overfit = (cnn3.run.final?.trainingAccuracy ?? 0) - (cnn3.run.final?.validationAccuracy ?? 0)
        return Section("Discussion", [
            .paragraph("""
            \(winner ? "The convolutional network won" : "The fully connected network won, against expectation"): \(Format.percent(cnn3.testAccuracy)) against \
            \(Format.percent(mlp.testAccuracy)) with \(Format.count(parameters.cnn3)) parameters against \(Format.count(parameters.mlp)). \
            The CNN builds in two assumptions the MLP has to learn, if it can: that nearby pixels belong together (locality: each unit sees a \
            small window) and that a pattern means the same wherever it appears (weight sharing across positions, and pooling that tolerates \
            small shifts). The MLP treats the 3,072 inputs as an unordered list and spends most of its parameters relating each pixel to every unit.
            """),
            .paragraph("""
            The price of that bias is arithmetic, not parameters: the CNN does far more multiply-accumulates per image and its epochs are slower. \
            \(overfitSentence(overfit))
            """),
            .paragraph(kernelInterpretation()),
        ] + (claims().map { table in [
            .paragraph("**The lab's claims, measured.** Each claim against the experiment that tests it (details in the sections above):"),
            .table(table),
        ] } ?? []))
    }

    func deployment() -> Section {
        guard let best = results.bestCNN else { return Section("Deployment") }
        let c = best.run.configuration
        return Section("Deployment", [
            .paragraph("""
            The CNN with the best test accuracy, \(c.model.title) from seed \(c.seed) (\(Format.percent(best.testAccuracy))), is packaged as \
            [`model.tar.gz`](model.tar.gz): a gzip'd tar holding `model.weights` and `model.json` (architecture, class names, input shape and \
            scaling, training configuration, test accuracy, data checksums), the layout SageMaker extracts into `/opt/ml/model`. \
            `report export --run \(best.key)` makes it again from the run cache.
            """),
            .code("""
            swift run report predict --model report/model.tar.gz cat.png          # top classes per image (any size; resized by area averaging)
            swift run report serve --model report/model.tar.gz --port 8080       # GET /ping, POST /invocations
            curl -s -H 'Content-Type: image/png' --data-binary @cat.png localhost:8080/invocations
            """),
            .paragraph("`POST /invocations` takes one `image/png`, or `application/json` of the form `{\"instances\": [image, …]}` (32×32×3 numbers per image, channels last, floats in [0, 1] or bytes), and answers the probabilities and the top class of each image; bodies over 6 MB get 413, other content types 415, unreadable PNG or JSON 400 with the reason."),
        ])
    }

    func overfitSentence(_ gap: Double) -> String {
        if gap > 0.05 {
            return "Its training accuracy ended \(Format.points(gap)) points above validation: with no augmentation or regularisation it was overfitting by the last epochs, and early stopping at the validation peak, or augmentation, would be the next step."
        }
        if gap >= 0 {
            return "Its training accuracy ended \(Format.points(gap)) points above validation: not much overfitting yet."
        }
        return "Its training accuracy (a mean over each epoch while the weights improved) ended \(Format.points(-gap)) points below validation: far from overfitting."
    }

    func kernelInterpretation() -> String {
        let e = results.experiment
        let field3 = results.description(.cnn3)?.layers.compactMap(\.receptiveField).last ?? 0
        let field5 = results.description(.cnn5)?.layers.compactMap(\.receptiveField).last ?? 0
        let cost = macRatio(.cnn5, to: .cnn3)
        let diff = e.accuracy5.mean - e.accuracy3.mean
        let opening = "On kernel size: 5×5 kernels let a unit after the last pooling layer see \(field5)×\(field5) pixels instead of \(field3)×\(field3), for \(String(format: "%.1f", cost))× the arithmetic."
        guard let p = e.welch.p else { return opening + " With one seed per size the runs cannot tell whether that bought accuracy." }
        if p < 0.05 {
            return opening + (diff > 0
                ? " Here the wider view paid: \(Format.points(diff)) points, more than the seed-to-seed noise (p = \(String(format: "%.3f", p)))."
                : " Here it cost accuracy: 3×3 was \(Format.points(-diff)) points better, beyond the noise (p = \(String(format: "%.3f", p))), as two stacked 3×3 layers already see far enough at less cost.")
        }
        return opening + " Here that bought no accuracy that can be told from noise (a \(Format.points(abs(diff)))-point difference, p = \(String(format: "%.2f", p))): the cheaper 3×3 kernels are the efficient choice for this network."
    }

    /// Each engine the CNN runs were trained on, with how many runs.
    func convolutionEngines() -> String {
        let cnnRuns = results.runs.filter { $0.run.architecture.layers.contains { $0.kind == "conv2d" } }
        let engines = Dictionary(grouping: cnnRuns, by: { $0.run.convolutions ?? "not recorded (trained before ConvLab recorded it)" })
        return engines.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.count) run\($0.value.count == 1 ? "" : "s")" }
            .joined(separator: "; ")
    }

    func reproducibility() -> Section {
        let env = results.environment
        let runs = results.runs.map { r in
            [r.run.configuration.model.rawValue + (r.run.configuration.isPermuted ? " (permuted pixels)" : ""), String(r.run.configuration.seed), String(r.run.configuration.epochs), Format.accuracy(r.testAccuracy),
             Format.seconds(r.run.totalSeconds), r.reused ? "cache" : "trained", "`\(r.key)`"]
        }
        return Section("Reproducibility", [
            .paragraph("Command: `\(env.command)`. Every random choice (initial weights, batch order) derives from the seed listed per run; rerunning the command on the same data gives the same runs (reused from the run cache unless it is deleted)."),
            .table(Table(header: ["model", "seed", "epochs", "test accuracy", "wall time", "source", "cache key"], rows: runs)),
            .table(Table(header: ["file", "MD5"], rows: results.data.md5.sorted { $0.key < $1.key }.map { ["`\($0.key)`", "`\($0.value)`"] })),
            .bullets([
                "ConvLab \(env.convlabVersion), \(env.swift), GEMM: \(env.gemm)",
                "Convolutions: " + convolutionEngines(),
                "Machine: \(env.processor), \(env.cores) cores, \(env.operatingSystem)",
                "Started \(ISO8601DateFormatter().string(from: env.startedAt)); whole study \(Format.seconds(env.wallSeconds)) wall time (\(results.runs.filter { !$0.reused }.count) runs trained now, \(results.runs.filter(\.reused).count) reused)\(env.peakMemoryMB.map { "; peak memory \(String(format: "%.0f", $0)) MB" } ?? "")",
            ]),
        ])
    }
}

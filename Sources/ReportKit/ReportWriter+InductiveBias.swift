import Foundation
import Study

/// The sections that test the lab's claims: translation, pixel permutation, ablations,
/// receptive fields, feature maps, and the verdicts.
extension ReportWriter {
    var chance: Double { 1 / Double(max(results.statistics.classNames.count, 1)) }

    func inductiveBiasSections() -> [Section] {
        guard let bias = results.inductiveBias else { return [] }
        return [translation(bias.translation), permutation(bias.permutation), ablations(bias.ablation),
                receptiveFields(bias.receptiveFields), featureMaps(bias.featureMaps)]
    }

    /// The p-value for a table cell: "0.26", "0.034", "< 0.001".
    static func pValue(_ w: WelchTest?) -> String {
        guard let p = w?.p else { return "—" }
        return p < 0.001 ? "< 0.001" : String(format: p < 0.1 ? "%.3f" : "%.2f", p)
    }

    /// The p-value in prose: "p = 0.26", "p < 0.001".
    static func p(_ w: WelchTest?) -> String {
        let value = pValue(w)
        return value.hasPrefix("<") ? "p \(value)" : "p = \(value)"
    }

    /// Whether a Welch test says the difference is beyond the seed noise.
    static func significant(_ w: WelchTest?) -> Bool { (w?.p ?? 1) < 0.05 }

    // MARK: Translation

    /// The share of a model's above-chance accuracy it keeps at shift index `k`.
    func retention(_ curve: TranslationProbe.Curve?, at k: Int) -> Double {
        guard let a = curve?.accuracy, a.indices.contains(k), a[0] > chance else { return .nan }
        return (a[k] - chance) / (a[0] - chance)
    }

    func translation(_ t: TranslationProbe) -> Section {
        let k4 = t.shifts.firstIndex(of: 4) ?? t.shifts.count / 2, kMax = t.shifts.count - 1
        let curves = [(StudyModel.mlp, ShiftFill.zeros), (.cnn3, .zeros), (.mlp, .wrap), (.cnn3, .wrap)].map { t.curve($0, $1) }
        let rows = t.shifts.indices.map { k in
            ["\(t.shifts[k])"] + curves.map { c in c.map { Format.accuracy($0.accuracy[k]) } ?? "—" }
        }
        func sentence(_ fill: ShiftFill) -> String {
            let m = t.curve(.mlp, fill), c = t.curve(.cnn3, fill)
            return "the MLP keeps \(Format.percent(retention(m, at: k4))) of its above-chance accuracy at \(t.shifts[k4]) pixels and \(Format.percent(retention(m, at: kMax))) at \(t.shifts[kMax]); the CNN \(Format.percent(retention(c, at: k4))) and \(Format.percent(retention(c, at: kMax)))"
        }
        let graceful = [ShiftFill.zeros, .wrap].filter { retention(t.curve(.cnn3, $0), at: k4) > retention(t.curve(.mlp, $0), at: k4) }
        let cnnDrop = (t.curve(.cnn3, .wrap)?.accuracy[0] ?? 0) - (t.curve(.cnn3, .wrap)?.accuracy[k4] ?? 0)
        let architecture = "Convolutions are *equivariant* (a shifted input gives a shifted feature map) and each 2×2 pooling absorbs a one-pixel move, but the dense layer on top gives every position of the last feature map its own weights, so larger shifts change what it sees."
        var blocks: [Block] = [
            .paragraph("""
            The claim: convolutions make a network tolerant of where an object sits. The probe: the trained MLP and CNN (seed 0), unchanged, \
            classify the \(Format.count(t.testCount)) test images moved by 0 to \(t.shifts[kMax]) pixels — once with the uncovered border black, \
            once wrapped around so that no pixel is lost. Each shift is the mean of a shift to the right and one down. \
            Chance is \(Format.percent(chance)), so the fair measure is the share of the *above-chance* accuracy a model keeps.
            """),
        ]
        if let f = figure("translation", "Test accuracy against shift, black border (left) and wrap-around (right).") { blocks.append(f) }
        blocks.append(.table(Table(header: ["shift (pixels)", "MLP, black border", "CNN, black border", "MLP, wrap-around", "CNN, wrap-around"], rows: rows)))
        blocks.append(.paragraph("""
        With a black border, \(sentence(.zeros)). With wrap-around, \(sentence(.wrap)). \
        \(graceful.count == 2
            ? "The CNN degrades more gracefully under both kinds of shift, as the lab claims — but it is not invariant: a \(t.shifts[k4])-pixel wrap-around shift still costs it \(Format.points(cnnDrop)) points. \(architecture)"
            : graceful.count == 1
            ? "The CNN degrades more gracefully only \(graceful[0] == .zeros ? "with a black border; with wrap-around" : "with wrap-around; with a black border") the MLP keeps as much or more, so the claim holds only in part. \(architecture)"
            : "The CNN does not degrade more gracefully than the MLP here, so these runs do not support the claim as stated. \(architecture)")
        """))
        return Section("Translation: does the CNN tolerate shifts?", blocks)
    }

    // MARK: Permutation

    func permutation(_ p: PermutationProbe) -> Section {
        let rows = p.rows.map { r in
            [r.model.title, Format.meanStd(r.original), Format.meanStd(r.permuted), Format.signedPoints(r.welch.difference), Self.pValue(r.welch)]
        }
        var blocks: [Block] = [
            .paragraph("""
            The claim: convolutions assume *locality*, that neighbouring pixels belong together. The probe: scramble the pixel positions of \
            every image with one fixed random permutation (seed \(p.permutationSeed), the same for training and test images, colour channels kept \
            together), then train the MLP and the CNN on it from scratch, over the same seeds. Neighbours are no longer neighbours; \
            no information is lost. An MLP has no notion of pixel order (permuting its inputs is the same as permuting the rows of its \
            first weight matrix), so it should not notice; a CNN's 3×3 windows now see unrelated pixels.
            """),
        ]
        if let f = figure("permutation", "Test accuracy on the original and the permuted images, mean ± std over seeds.") { blocks.append(f) }
        blocks.append(.table(Table(header: ["model", "original images", "permuted pixels", "change (points)", "p (Welch)"], rows: rows)))
        if let m = p.row(.mlp), let c = p.row(.cnn3) {
            let advantage = c.original.mean - m.original.mean, after = c.permuted.mean - m.permuted.mean
            blocks.append(.paragraph("""
            The MLP moved by \(Format.signedPoints(m.welch.difference)) points (\(Self.significant(m.welch) ? "more than the seed noise, \(Self.p(m.welch))" : "within the seed noise, \(Self.p(m.welch))")); \
            the CNN by \(Format.signedPoints(c.welch.difference)) points (\(Self.significant(c.welch) ? "beyond the noise, \(Self.p(c.welch))" : "within the noise, \(Self.p(c.welch))")). \
            The CNN's lead over the MLP went from \(Format.signedPoints(advantage)) points on the original images to \(Format.signedPoints(after)) on the permuted ones: \
            \(after < advantage / 2 ? "without locality to exploit, most of its advantage is gone." : "it kept much of its advantage, so locality is not all it exploits.")
            """))
        }
        return Section("Pixel permutation: what locality is worth", blocks)
    }

    // MARK: Ablations

    func ablations(_ a: AblationTable) -> Section {
        let rows = a.rows.map { r in
            [r.model.title, Format.count(r.parameters), Format.count(r.multiplyAccumulates), Format.seconds(r.epochSeconds.mean),
             Format.meanStd(r.accuracy), r.versusCNN3.map { Format.signedPoints($0.difference) } ?? "—", Self.pValue(r.versusCNN3)]
        }
        var blocks: [Block] = [
            .paragraph("""
            The lab's other learning objectives — padding, stride and depth — as controlled experiments: each model below changes one thing \
            about the 3×3 CNN and keeps the rest (data, optimiser, \(results.runs.first?.run.configuration.epochs ?? 0) epochs, batch size, the same \
            seeds \(results.experiment.seeds.map(String.init).joined(separator: ", "))). The difference to the 3×3 CNN is tested with Welch's t-test over seeds.
            """),
            .table(Table(header: ["model", "parameters", "multiply-accumulates", "seconds per epoch", "test accuracy (mean ± std)", "vs CNN 3×3 (points)", "p"], rows: rows)),
        ]
        if let f = figure("ablation-scatter", "Every model's test accuracy (mean ± std over seeds) against its parameter count.") { blocks.append(f) }
        blocks.append(.bullets(StudyModel.ablations.compactMap { m in
            guard let r = a.row(m), let w = r.versusCNN3, let change = m.change else { return nil }
            let verdict = Self.significant(w)
                ? (w.difference > 0 ? "**better** than the 3×3 CNN by \(Format.points(w.difference)) points (\(Self.p(w)))"
                                    : "**worse** by \(Format.points(-w.difference)) points (\(Self.p(w)))")
                : "no difference that the seeds can tell from noise (\(Format.signedPoints(w.difference)) points, \(Self.p(w)))"
            return "**\(change.prefix(1).uppercased() + change.dropFirst()).** \(Format.meanStd(r.accuracy)): \(verdict), with \(Format.count(r.parameters)) parameters and \(Format.count(r.multiplyAccumulates)) multiply-accumulates."
        }))
        if let best = a.rows.max(by: { $0.accuracy.mean < $1.accuracy.mean }),
           let lean = a.rows.filter({ $0.model.isConvolutional }).max(by: { $0.accuracy.mean / Double($0.parameters) < $1.accuracy.mean / Double($1.parameters) }) {
            let r = Self.correlation(a.rows.map { Double($0.parameters) }, a.rows.map(\.accuracy.mean))
            blocks.append(.paragraph("""
            The most accurate model is \(best.model.title) (\(Format.meanStd(best.accuracy))); the most accurate per parameter is \
            \(lean.model.title) (\(Format.count(lean.parameters)) parameters). Across the \(a.rows.count) models the correlation of parameter \
            count with accuracy is r = \(String(format: "%.2f", r)): \
            \(abs(r) < 0.5 ? "where the parameters sit (a large dense layer over a big feature map, or convolutions) matters more than how many there are." : "here more parameters did go with \(r > 0 ? "higher" : "lower") accuracy.")
            """))
        }
        blocks.append(.paragraph("""
        Seconds per epoch are the wall times measured during each run (cached runs keep theirs); a run that shared the machine with \
        other work reads slower, so compare costs by the multiply-accumulates, which do not depend on load.
        """))
        let tables = StudyModel.ablations.compactMap { results.description($0) }.map { Section($0.title, [.table(layerTable($0))]) }
        return Section("Architecture ablations: padding, stride, depth", blocks, subsections: tables)
    }

    /// Pearson's r; nan for fewer than two points or no spread.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        return x.count > 1 && sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }

    // MARK: Receptive fields

    func receptiveFields(_ fields: [EffectiveReceptiveField]) -> Section {
        let rows = fields.map { f in
            [f.model.title, "\(f.theoretical)×\(f.theoretical)", "\(f.halfMassSide)×\(f.halfMassSide)",
             Format.percent(Double(f.halfMassSide * f.halfMassSide) / Double(max(f.theoretical * f.theoretical, 1)))]
        }
        var blocks: [Block] = [
            .paragraph("""
            The receptive field of a unit is the input window that can influence it; the model tables list it per layer. Its *effective* \
            receptive field is where the influence actually is: the gradient of the unit with respect to the input pixels, averaged in \
            magnitude over \(fields.first.map { Format.count($0.images) } ?? "0") test images. Here the unit is the centre of the last \
            conv layer's map, all filters summed, in the seed-0 models.
            """),
        ]
        if let f = figure("receptive-fields", "Mean |∂unit/∂pixel| over test images (brighter is more influence) for the 3×3 and 5×5 CNNs; the box is the theoretical receptive field.") { blocks.append(f) }
        blocks.append(.table(Table(header: ["model", "theoretical field", "half of the gradient within", "share of the field's area"], rows: rows)))
        if let f3 = fields.first(where: { $0.model == .cnn3 }), let f5 = fields.first(where: { $0.model == .cnn5 }) {
            blocks.append(.paragraph("""
            The 5×5 network's unit can see \(f5.theoretical)×\(f5.theoretical) pixels against \(f3.theoretical)×\(f3.theoretical), \
            \(String(format: "%.1f", Double(f5.theoretical * f5.theoretical) / Double(max(f3.theoretical * f3.theoretical, 1))))× the area, but \
            half of its gradient falls within the central \(f5.halfMassSide)×\(f5.halfMassSide) (against \(f3.halfMassSide)×\(f3.halfMassSide)): \
            the influence is concentrated in the middle of the field and fades towards its edges, as Luo et al. (2016) found — the \
            theoretical field overstates what a unit uses.
            """))
        }
        return Section("Receptive fields: theoretical and effective", blocks)
    }

    // MARK: Feature maps

    func featureMaps(_ maps: FeatureMaps) -> Section {
        let names = results.statistics.classNames
        let rows = maps.layers.map { layer in
            ["conv layer \(layer.convolution)", "\(layer.channels) × \(layer.height)×\(layer.width)"] + maps.images.indices.map { i in
                let silent = layer.maxima[i].filter { $0 == 0 }.count
                let active = Double(layer.maps[i].filter { $0 > 0 }.count) / Double(max(layer.maps[i].count, 1))
                return "\(silent) silent; \(Format.percent(active)) non-zero"
            }
        }
        let header = ["layer", "maps"] + maps.images.enumerated().map { i, index in
            "test image \(index) (\(names.indices.contains(maps.labels[i]) ? names[maps.labels[i]] : "?"))"
        }
        var blocks: [Block] = [
            .paragraph("""
            What the trained 3×3 CNN (seed 0) computes, for two test images it classifies correctly: every activation map of both conv \
            layers after the ReLU, each scaled to its own maximum (black is zero).
            """),
        ]
        if let f = figure("feature-maps", "Activation maps of both conv layers for two test images.") { blocks.append(f) }
        blocks.append(.table(Table(header: header, rows: rows)))
        blocks.append(.paragraph("""
        The first layer's maps still look like the image: edge, colour and brightness detectors applied everywhere. The second layer's \
        maps, at half the resolution, are sparser and harder to read; a map that is silent (all zero) for an image is a feature it does \
        not contain, and the ReLU leaves many positions at exactly zero (the table counts them at the figure's 8-bit resolution).
        """))
        return Section("Feature maps", blocks)
    }

    // MARK: Verdicts

    /// A verdict from the direction of an effect and whether it stands out from the seed noise.
    static func verdict(expectedDirection: Bool, significant: Bool) -> String {
        switch (expectedDirection, significant) {
        case (true, true): "supported"
        case (true, false): "not shown: the right direction, but within the seed noise"
        case (false, true): "contradicted"
        case (false, false): "not supported"
        }
    }

    /// One row per claim of the lab: what was measured and whether it supports the claim.
    func claims() -> Table? {
        guard let bias = results.inductiveBias else { return nil }
        var rows: [[String]] = []
        if let m = bias.ablation.row(.mlp), let c = bias.ablation.row(.cnn3) {
            let w = WelchTest(c.accuracy, m.accuracy)
            rows.append(["The CNN beats the MLP with fewer parameters",
                         "\(Format.meanStd(c.accuracy)) with \(Format.count(c.parameters)) parameters vs \(Format.meanStd(m.accuracy)) with \(Format.count(m.parameters)) (\(Self.p(w)))",
                         c.parameters < m.parameters ? Self.verdict(expectedDirection: w.difference > 0, significant: Self.significant(w)) : "not tested: the CNN has more parameters"])
        }
        if let m = bias.permutation.row(.mlp), let c = bias.permutation.row(.cnn3) {
            let expected = c.welch.difference < 0 && abs(m.welch.difference) < abs(c.welch.difference) / 2
            rows.append(["Convolutions assume locality",
                         "permuting pixels: CNN \(Format.signedPoints(c.welch.difference)) points (\(Self.p(c.welch))), MLP \(Format.signedPoints(m.welch.difference)) (\(Self.p(m.welch)))",
                         Self.verdict(expectedDirection: expected, significant: Self.significant(c.welch))])
        }
        let t = bias.translation
        if let k4 = t.shifts.firstIndex(of: 4) {
            let c = retention(t.curve(.cnn3, .wrap), at: k4), m = retention(t.curve(.mlp, .wrap), at: k4)
            let cz = retention(t.curve(.cnn3, .zeros), at: k4), mz = retention(t.curve(.mlp, .zeros), at: k4)
            let verdict = c > m && cz > mz ? (c > 0.9 ? "supported" : "partly: more tolerant than the MLP, not invariant")
                : c > m || cz > mz ? "partly: more tolerant than the MLP for one kind of shift only" : "not supported"
            rows.append(["Convolutions make the network translation invariant",
                         "above-chance accuracy kept at a 4-pixel shift: CNN \(Format.percent(c)) (wrap) / \(Format.percent(cz)) (black), MLP \(Format.percent(m)) / \(Format.percent(mz))",
                         verdict])
        }
        let e = results.experiment
        let cost = macRatio(.cnn5, to: .cnn3)
        let fiveBetter = e.welch.difference > 0 && Self.significant(e.welch)
        rows.append(["Small stacked kernels are the efficient choice",
                     "5×5 vs 3×3: \(Format.signedPoints(e.welch.difference)) points (\(Self.p(e.welch))) for \(String(format: "%.1f", cost))× the multiply-accumulates",
                     fiveBetter ? "contradicted: 5×5 paid for its cost" : "supported: 5×5 bought nothing measurable"])
        return Table(header: ["claim", "measured", "verdict"], rows: rows)
    }
}

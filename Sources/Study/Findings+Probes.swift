/// The findings of the inductive-bias probes.
public struct ProbeFindings: Codable, Sendable, Equatable {
    public var translation: TranslationFinding
    public var permutation: PermutationFinding?
    public var ablations: AblationFindings
    public var receptiveFields: [FieldFinding]
    /// The 5×5 CNN's theoretical receptive field's area over the 3×3's.
    public var fieldAreaRatio: Double?

    init(_ bias: InductiveBias, chance: Double) {
        translation = TranslationFinding(bias.translation, chance: chance)
        permutation = PermutationFinding(bias.permutation)
        ablations = AblationFindings(bias.ablation)
        receptiveFields = bias.receptiveFields.map(FieldFinding.init)
        if let f3 = bias.receptiveFields.first(where: { $0.model == .cnn3 }),
            let f5 = bias.receptiveFields.first(where: { $0.model == .cnn5 })
        {
            fieldAreaRatio = Double(f5.theoretical * f5.theoretical) / Double(max(f3.theoretical * f3.theoretical, 1))
        }
    }
}

/// How much of its above-chance accuracy each model keeps on shifted images.
public struct TranslationFinding: Codable, Sendable, Equatable {
    /// The share of a model's above-chance accuracy it keeps at the middle shift (4 pixels) and
    /// at the largest; nil where the model is not above chance unshifted (no share to keep).
    public struct Retention: Codable, Sendable, Equatable {
        public var model: StudyModel
        public var fill: ShiftFill
        public var atMiddle, atLargest: Double?
    }

    /// Indices into the probe's shifts: 4 pixels (else the middle one), and the largest.
    public var middle, largest: Int
    /// The probe had a 4-pixel shift, the one the lab's claim is judged at.
    public var middleIsFourPixels: Bool
    public var retentions: [Retention]
    /// The fills under which the CNN keeps more than the MLP at the middle shift.
    public var cnnMoreTolerant: [ShiftFill]
    /// What a wrap-around shift of the middle size costs the CNN, in accuracy.
    public var cnnWrapLoss: Double

    init(_ t: TranslationProbe, chance: Double) {
        middle = t.shifts.firstIndex(of: 4) ?? t.shifts.count / 2
        middleIsFourPixels = t.shifts.contains(4)
        largest = t.shifts.count - 1
        func retention(_ curve: TranslationProbe.Curve?, at k: Int) -> Double? {
            guard let a = curve?.accuracy, a.indices.contains(k), a[0] > chance else { return nil }
            return (a[k] - chance) / (a[0] - chance)
        }
        let (middle, largest) = (middle, largest)
        retentions = [StudyModel.mlp, .cnn3].flatMap { m in
            ShiftFill.allCases.map { f in
                Retention(
                    model: m, fill: f, atMiddle: retention(t.curve(m, f), at: middle),
                    atLargest: retention(t.curve(m, f), at: largest))
            }
        }
        let kept = retentions
        func atMiddle(_ m: StudyModel, _ f: ShiftFill) -> Double? {
            kept.first { $0.model == m && $0.fill == f }?.atMiddle
        }
        cnnMoreTolerant = [ShiftFill.zeros, .wrap].filter { fill in
            guard let cnn = atMiddle(.cnn3, fill), let mlp = atMiddle(.mlp, fill) else { return false }
            return cnn > mlp
        }
        cnnWrapLoss = (t.curve(.cnn3, .wrap)?.accuracy[0] ?? 0) - (t.curve(.cnn3, .wrap)?.accuracy[middle] ?? 0)
    }

    public func retention(_ model: StudyModel, _ fill: ShiftFill) -> Retention? {
        retentions.first { $0.model == model && $0.fill == fill }
    }
}

/// What scrambling pixel positions cost each model, and the CNN's lead before and after.
public struct PermutationFinding: Codable, Sendable, Equatable {
    /// Permuted minus original, per model.
    public var mlp, cnn: Comparison
    /// CNN minus MLP mean accuracy on the original and on the permuted images.
    public var leadBefore, leadAfter: Double

    init?(_ p: PermutationProbe) {
        guard let m = p.row(.mlp), let c = p.row(.cnn3) else { return nil }
        mlp = Comparison(m.welch)
        cnn = Comparison(c.welch)
        leadBefore = c.original.mean - m.original.mean
        leadAfter = c.permuted.mean - m.permuted.mean
    }

    /// Without locality to exploit, the CNN lost more than half of its lead.
    public var cnnLostMostOfItsLead: Bool { leadAfter < leadBefore / 2 }
}

/// Each ablation against the 3×3 CNN, and what size and accuracy have to do with each other.
public struct AblationFindings: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var model: StudyModel
        /// This model minus cnn3.
        public var comparison: Comparison
    }

    public var rows: [Row]
    /// cnn3 minus the MLP over seeds, and whether the CNN has fewer parameters.
    public var cnnVersusMLP: Comparison?
    public var cnnHasFewerParameters: Bool?
    /// The most accurate model, and the most accurate per parameter among the CNNs.
    public var mostAccurate, mostAccuratePerParameter: StudyModel?
    /// Pearson's r of parameter count with mean accuracy across the models.
    public var parameterAccuracyCorrelation: Double

    init(_ table: AblationTable) {
        rows = StudyModel.ablations.compactMap { m in
            table.row(m)?.versusCNN3.map { Row(model: m, comparison: Comparison($0)) }
        }
        if let m = table.row(.mlp), let c = table.row(.cnn3) {
            cnnVersusMLP = Comparison(c.accuracy, m.accuracy)
            cnnHasFewerParameters = c.parameters < m.parameters
        }
        mostAccurate = table.rows.max { $0.accuracy.mean < $1.accuracy.mean }?.model
        mostAccuratePerParameter =
            table.rows.filter { $0.model != .mlp }
            .max { $0.accuracy.mean / Double($0.parameters) < $1.accuracy.mean / Double($1.parameters) }?.model
        parameterAccuracyCorrelation = Self.correlation(
            table.rows.map { Double($0.parameters) }, table.rows.map(\.accuracy.mean))
    }

    public func row(_ model: StudyModel) -> Row? { rows.first { $0.model == model } }

    /// |r| below this: where the parameters sit matters more than how many there are.
    public static let weakCorrelation = 0.5
    public var correlationIsWeak: Bool { abs(parameterAccuracyCorrelation) < Self.weakCorrelation }

    /// Pearson's r; nan for fewer than two points or no spread.
    public static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        return x.count > 1 && sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }
}

/// How much of its theoretical receptive field a unit uses.
public struct FieldFinding: Codable, Sendable, Equatable {
    public var model: StudyModel
    /// The half-gradient square's area over the theoretical field's.
    public var usedShare: Double

    init(_ f: EffectiveReceptiveField) {
        model = f.model
        usedShare = Double(f.halfMassSide * f.halfMassSide) / Double(max(f.theoretical * f.theoretical, 1))
    }
}

/// The lab's four claims, each judged by the experiment that tests it.
public struct ClaimFindings: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        /// The effect is in the claimed direction and beyond the seed noise.
        case supported
        /// The claimed direction, within the noise.
        case notShown
        /// The opposite direction, beyond the noise.
        case contradicted
        /// The opposite direction, within the noise.
        case notSupported
        /// The experiment cannot test it (the CNN has more parameters than the MLP).
        case notTested
        /// Translation: more tolerant than the MLP under both shifts, but not invariant.
        case partly
        /// Translation: more tolerant under one kind of shift only.
        case partlyOneShift
    }

    /// The CNN beats the MLP with fewer parameters.
    public var cnnBeatsMLP: Verdict?
    /// Convolutions assume locality.
    public var locality: Verdict?
    /// Convolutions make the network translation invariant.
    public var translation: Verdict?
    /// Small stacked kernels are the efficient choice.
    public var smallKernels: Verdict

    /// The CNN keeps this share of its above-chance accuracy at a 4-pixel shift to count as invariant.
    public static let invariance = 0.9

    init(probes: ProbeFindings, kernel: KernelFinding) {
        smallKernels = kernel.comparison.verdict == .better ? .contradicted : .supported
        if let w = probes.ablations.cnnVersusMLP, let fewer = probes.ablations.cnnHasFewerParameters {
            cnnBeatsMLP =
                fewer ? Self.verdict(expectedDirection: w.difference > 0, significant: w.isSignificant) : .notTested
        }
        if let p = probes.permutation {
            let expected = p.cnn.difference < 0 && abs(p.mlp.difference) < abs(p.cnn.difference) / 2
            locality = Self.verdict(expectedDirection: expected, significant: p.cnn.isSignificant)
        }
        let t = probes.translation
        if let c = t.retention(.cnn3, .wrap)?.atMiddle, let m = t.retention(.mlp, .wrap)?.atMiddle,
            let cz = t.retention(.cnn3, .zeros)?.atMiddle, let mz = t.retention(.mlp, .zeros)?.atMiddle,
            t.middleIsFourPixels
        {
            translation =
                c > m && cz > mz
                ? (c > Self.invariance ? .supported : .partly) : c > m || cz > mz ? .partlyOneShift : .notSupported
        }
    }

    /// A verdict from the direction of an effect and whether it stands out from the seed noise.
    public static func verdict(expectedDirection: Bool, significant: Bool) -> Verdict {
        switch (expectedDirection, significant) {
        case (true, true): .supported
        case (true, false): .notShown
        case (false, true): .contradicted
        case (false, false): .notSupported
        }
    }
}

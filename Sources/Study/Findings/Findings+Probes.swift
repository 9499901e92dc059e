/// What the probes measured, per model: how much of its above-chance accuracy each keeps on
/// shifted images, what scrambling pixels cost it, how much of its receptive field it uses.
package struct ProbeFindings: Codable, Sendable, Equatable {
    package var translation: TranslationFinding?
    /// Permuted minus original, per model of the permutation probe.
    package var permutation: [ModelComparison]
    package var receptiveFields: [FieldFinding]
    /// The widest theoretical receptive field's area over the narrowest's, when they differ.
    package var fieldAreaRatio: Double?

    /// A model and a comparison of its runs (one condition against another).
    package struct ModelComparison: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var comparison: Comparison
    }

    init(_ probes: StudyProbes, chance: Double) {
        translation = probes.translation.map { TranslationFinding($0, chance: chance) }
        permutation =
            probes.permutation?.rows.map { ModelComparison(model: $0.model, comparison: $0.comparison) }
            ?? []
        receptiveFields = probes.receptiveFields.map(FieldFinding.init)
        let sides = probes.receptiveFields.map(\.theoretical)
        if let widest = sides.max(), let narrowest = sides.min(), widest > narrowest {
            fieldAreaRatio = Double(widest * widest) / Double(max(narrowest * narrowest, 1))
        }
    }

    package func permutation(_ model: StudyModel) -> Comparison? {
        permutation.first { $0.model == model }?.comparison
    }
}

/// How much of its above-chance accuracy each model keeps on shifted images.
package struct TranslationFinding: Codable, Sendable, Equatable {
    /// The share of a model's above-chance accuracy it keeps at the middle shift (4 pixels) and
    /// at the largest; nil where the model is not above chance unshifted (no share to keep).
    package struct Retention: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var fill: ShiftFill
        package var atMiddle, atLargest: Double?
        /// Accuracy lost from no shift to the middle one.
        package var lossAtMiddle: Double
    }

    /// Indices into the probe's shifts: 4 pixels (else the middle one), and the largest.
    package var middle, largest: Int
    /// The probe had a 4-pixel shift, the one claims are judged at.
    package var middleIsFourPixels: Bool
    package var retentions: [Retention]

    init(_ t: TranslationProbe, chance: Double) {
        let middle = t.shifts.firstIndex(of: 4) ?? t.shifts.count / 2
        let largest = t.shifts.count - 1
        (self.middle, self.largest, middleIsFourPixels) = (middle, largest, t.shifts.contains(4))
        func retention(_ a: [Double], at k: Int) -> Double? {
            guard a.indices.contains(k), a[0] > chance else { return nil }
            return (a[k] - chance) / (a[0] - chance)
        }
        retentions = t.curves.map { c in
            Retention(
                model: c.model, fill: c.fill, atMiddle: retention(c.accuracy, at: middle),
                atLargest: retention(c.accuracy, at: largest),
                lossAtMiddle: c.accuracy.indices.contains(middle) ? c.accuracy[0] - c.accuracy[middle] : 0)
        }
    }

    package func retention(_ model: StudyModel, _ fill: ShiftFill) -> Retention? {
        retentions.first { $0.model == model && $0.fill == fill }
    }
}

/// How much of its theoretical receptive field a unit uses.
package struct FieldFinding: Codable, Sendable, Equatable {
    package var model: StudyModel
    /// The half-gradient square's area over the theoretical field's.
    package var usedShare: Double

    init(_ f: EffectiveReceptiveField) {
        model = f.model
        usedShare = Double(f.halfMassSide * f.halfMassSide) / Double(max(f.theoretical * f.theoretical, 1))
    }
}

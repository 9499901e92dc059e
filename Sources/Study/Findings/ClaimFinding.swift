/// A claim of the study file judged by the measurement it names, with the numbers behind the verdict.
package struct ClaimFinding: Codable, Sendable, Equatable {
    package enum Verdict: String, Codable, Sendable {
        /// The effect is in the claimed direction and beyond the seed noise.
        case supported
        /// The claimed direction, within the noise.
        case notShown
        /// The opposite direction, beyond the noise.
        case contradicted
        /// The opposite direction, within the noise.
        case notSupported
        /// The measurement cannot test it (the model has more parameters; a comparison is missing).
        case notTested
        /// Shifts: more tolerant under both kinds of shift, but not invariant.
        case partly
        /// Shifts: more tolerant under one kind of shift only.
        case partlyOneShift
    }

    /// Two models' accuracy over seeds, from the experiment that compares them.
    package struct AccuracyEvidence: Codable, Sendable, Equatable {
        package var model, than: SampleSummary
        package var parameters, thanParameters: Int
        /// The model's multiply-accumulates over the other's.
        package var macRatio: Double
        /// The model minus the other.
        package var comparison: Comparison
    }

    /// What scrambling pixel positions cost each model, and the model's lead before and after.
    package struct PermutationEvidence: Codable, Sendable, Equatable {
        /// Permuted minus original.
        package var model, than: Comparison
        package var leadBefore, leadAfter: Double
        /// Without locality to exploit, the model lost more than half of its lead.
        package var lostMostOfItsLead: Bool { leadAfter < leadBefore / 2 }
    }

    /// The share of above-chance accuracy each model keeps at the middle shift, per fill.
    package struct TranslationEvidence: Codable, Sendable, Equatable {
        package var shift: Int
        package var modelZeros, modelWrap, thanZeros, thanWrap: Double
        /// The fills under which the model keeps more than the other.
        package var moreTolerant: [ShiftFill]
        /// What a wrap-around shift of that size costs the model, in accuracy.
        package var modelWrapLoss: Double
    }

    package enum Evidence: Codable, Sendable, Equatable {
        case accuracy(AccuracyEvidence)
        case permutation(PermutationEvidence)
        case translation(TranslationEvidence)
        /// What the results lack to judge the claim.
        case missing(String)
    }

    package var claim: ClaimDefinition
    package var verdict: Verdict
    package var evidence: Evidence

    /// The model keeps this share of its above-chance accuracy at a 4-pixel shift to count as invariant.
    package static let invariance = 0.9

    /// A verdict from the direction of an effect and whether it stands out from the seed noise.
    package static func verdict(expectedDirection: Bool, significant: Bool) -> Verdict {
        switch (expectedDirection, significant) {
        case (true, true): .supported
        case (true, false): .notShown
        case (false, true): .contradicted
        case (false, false): .notSupported
        }
    }
}

/// A claim the study tests, in the author's words, and the measurement that decides it: a
/// comparison one of its experiments makes, or what one of its probes measures of two models.
package struct ClaimDefinition: Codable, Sendable, Equatable {
    package enum Test: Codable, Sendable, Equatable {
        /// `model` is more accurate than `than` over the seeds (with fewer parameters, when asked).
        case better(model: String, than: String, fewerParameters: Bool)
        /// `model` buys no accuracy over `than` that the seeds can tell from noise.
        case noBetter(model: String, than: String)
        /// Scrambling pixel positions costs `model` accuracy beyond the noise, and `than` less
        /// than half as much (the permutation probe): `model` relies on locality.
        case hurtMoreByPermutation(model: String, than: String)
        /// `model` keeps more of its above-chance accuracy than `than` on shifted images, with a
        /// black border and wrapped around (the translation probe).
        case moreShiftTolerant(model: String, than: String)
    }

    /// The claim as the report states it: "The CNN beats the MLP with fewer parameters".
    package var text: String
    package var test: Test

    package init(text: String, test: Test) { (self.text, self.test) = (text, test) }

    /// The two models the claim compares.
    package var models: (model: String, than: String) {
        switch test {
        case .better(let m, let t, _), .noBetter(let m, let t), .hurtMoreByPermutation(let m, let t),
            .moreShiftTolerant(let m, let t):
            (m, t)
        }
    }
}

/// What a difference over seeds says: better, worse, or not distinguishable from the seed noise
/// by Welch's t-test at the 5% level; untestable when either side has no spread to measure.
package struct Comparison: Codable, Sendable, Equatable {
    package enum Verdict: String, Codable, Sendable {
        case better, worse, indistinguishable, untestable
    }

    /// The level below which a p-value counts as beyond the seed noise.
    package static let significanceLevel = 0.05

    /// a minus b, with its test.
    package var welch: WelchTest
    package var verdict: Verdict

    /// a against b.
    package init(_ a: SampleSummary, _ b: SampleSummary) { self.init(WelchTest(a, b)) }

    package init(_ welch: WelchTest) {
        self.welch = welch
        guard let p = welch.p else {
            verdict = .untestable
            return
        }
        verdict = p >= Self.significanceLevel ? .indistinguishable : welch.difference > 0 ? .better : .worse
    }

    package var difference: Double { welch.difference }
    package var isSignificant: Bool { verdict == .better || verdict == .worse }
}

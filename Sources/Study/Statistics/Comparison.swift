/// What a difference over seeds says: better, worse, or not distinguishable from the seed noise
/// by Welch's t-test at the 5% level; untestable when either side has no spread to measure.
public struct Comparison: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        case better, worse, indistinguishable, untestable
    }

    /// The level below which a p-value counts as beyond the seed noise.
    public static let significanceLevel = 0.05

    /// a minus b, with its test.
    public var welch: WelchTest
    public var verdict: Verdict

    /// a against b.
    public init(_ a: SampleSummary, _ b: SampleSummary) { self.init(WelchTest(a, b)) }

    public init(_ welch: WelchTest) {
        self.welch = welch
        guard let p = welch.p else {
            verdict = .untestable
            return
        }
        verdict = p >= Self.significanceLevel ? .indistinguishable : welch.difference > 0 ? .better : .worse
    }

    public var difference: Double { welch.difference }
    public var isSignificant: Bool { verdict == .better || verdict == .worse }
}

import Figures
import Foundation

/// How the report writes numbers; the end-to-end test formats results.json with the same functions
/// and finds them in the prose.
public enum Format {
    public static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
    public static func points(_ x: Double) -> String { String(format: "%.1f", 100 * x) }
    /// A difference in points with its sign: "+1.3", "−0.4".
    public static func signedPoints(_ x: Double) -> String {
        let text = points(abs(x))
        return text == "0.0" ? "0.0" : (x > 0 ? "+" : "−") + text
    }
    public static func accuracy(_ x: Double) -> String { String(format: "%.4f", x) }
    public static func seconds(_ x: Double) -> String { x >= 100 ? String(format: "%.0f s", x) : String(format: "%.1f s", x) }
    public static func count(_ n: Int) -> String { NumberText.grouped(n) }
    public static func meanStd(_ s: SampleSummaryView) -> String { "\(percent(s.mean)) ± \(points(s.std))" }
    public static func shape(_ s: [Int]) -> String { "(" + s.map(String.init).joined(separator: ", ") + ")" }
}

/// The two numbers `Format.meanStd` needs (keeps Format independent of Study's types).
public protocol SampleSummaryView {
    var mean: Double { get }
    var std: Double { get }
}

import Study
extension SampleSummary: SampleSummaryView {}

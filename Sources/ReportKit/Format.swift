import Figures
import Foundation
import Study

/// How the report writes numbers; the end-to-end test formats results.json with the same functions
/// and finds them in the prose.
package enum Format {
    package static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
    package static func points(_ x: Double) -> String { String(format: "%.1f", 100 * x) }
    /// A difference in points with its sign: "+1.3", "−0.4".
    package static func signedPoints(_ x: Double) -> String {
        let text = points(abs(x))
        return text == "0.0" ? "0.0" : (x > 0 ? "+" : "−") + text
    }
    package static func accuracy(_ x: Double) -> String { String(format: "%.4f", x) }
    package static func seconds(_ x: Double) -> String {
        x >= 100 ? String(format: "%.0f s", x) : String(format: "%.1f s", x)
    }
    package static func count(_ n: Int) -> String { NumberText.grouped(n) }
    package static func meanStd(_ s: SampleSummary) -> String { "\(percent(s.mean)) ± \(points(s.std))" }
    package static func shape(_ s: [Int]) -> String { "(" + s.map(String.init).joined(separator: ", ") + ")" }
    package static func ratio(_ x: Double) -> String { String(format: "%.1f", x) }
    package static func square(_ side: Int) -> String { "\(side)×\(side)" }

    /// "Three models", "One conv layer": a count up to ten in words, a larger one in digits.
    package static func countWord(_ n: Int, _ noun: String) -> String {
        let words = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]
        return "\(words.indices.contains(n) ? words[n] : count(n)) \(noun)\(n == 1 ? "" : "s")"
    }

    /// The p-value for a table cell: "0.26", "0.034", "< 0.001", "—" when untestable.
    package static func pValue(_ w: WelchTest?) -> String {
        guard let p = w?.p else { return "—" }
        return p < 0.001 ? "< 0.001" : String(format: p < 0.1 ? "%.3f" : "%.2f", p)
    }

    /// The p-value in prose: "p = 0.26", "p < 0.001".
    package static func p(_ w: WelchTest?) -> String {
        let value = pValue(w)
        return value.hasPrefix("<") ? "p \(value)" : "p = \(value)"
    }
}

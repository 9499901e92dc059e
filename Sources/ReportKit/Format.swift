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
    /// What a test-time augmentation averages over: "the image and its mirror".
    package static func views(_ views: TestTimeAugmentation) -> String {
        switch views {
        case .none: "the image as it is"
        case .mirror: "the image and its mirror"
        case .mirrorAndTranslate:
            "the image and its mirror, each also shifted a pixel up and left and a pixel down and right"
        }
    }

    /// "44.1 min".
    package static func minutes(_ seconds: Double) -> String { String(format: "%.1f min", seconds / 60) }
    package static func meanStd(_ s: SampleSummary) -> String { "\(percent(s.mean)) ± \(points(s.std))" }
    package static func shape(_ s: [Int]) -> String { "(" + s.map(String.init).joined(separator: ", ") + ")" }
    package static func ratio(_ x: Double) -> String { String(format: "%.1f", x) }
    /// A setting as written: 9.9, 64, 0.95.
    package static func number(_ x: Double) -> String { String(format: "%g", x) }
    package static func square(_ side: Int) -> String { "\(side)×\(side)" }

    /// "Three models", "One conv layer": a count up to ten in words, a larger one in digits.
    package static func countWord(_ n: Int, _ noun: String) -> String {
        let words = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]
        return "\(words.indices.contains(n) ? words[n] : count(n)) \(noun)\(n == 1 ? "" : "s")"
    }

    /// A p-value for a table cell: "0.26", "0.034", "< 0.001", "—" when there is none.
    package static func pValue(_ p: Double?) -> String {
        guard let p else { return "—" }
        return p < 0.001 ? "< 0.001" : String(format: p < 0.1 ? "%.3f" : "%.2f", p)
    }

    /// A p-value in prose: "p = 0.26", "p < 0.001".
    package static func p(_ p: Double?) -> String {
        let value = pValue(p)
        return value.hasPrefix("<") ? "p \(value)" : "p = \(value)"
    }

    /// An interval with its confidence: "−2.1 to +3.4 (98.3%)", "—" when untested.
    package static func interval(_ i: ConfidenceInterval?) -> String {
        guard let i else { return "—" }
        return "\(signedPoints(i.lower)) to \(signedPoints(i.upper)) (\(confidence(i.confidence)))"
    }

    /// "95%", "98.3%".
    package static func confidence(_ c: Double) -> String {
        let percent = 100 * c
        return String(format: abs(percent - percent.rounded()) < 1e-9 ? "%.0f%%" : "%.1f%%", percent)
    }

    /// What a comparison rests on: "98.3% interval +0.4 to +2.0; p = 0.003, adjusted 0.02".
    package static func evidence(_ c: Comparison) -> String {
        guard let i = c.interval else { return p(c.test.p) }
        let adjusted = c.adjustedP.map { $0 == c.test.p ? "" : ", adjusted \(pValue($0))" } ?? ""
        return "\(confidence(i.confidence)) interval \(signedPoints(i.lower)) to \(signedPoints(i.upper)); "
            + "\(p(c.test.p))\(adjusted)"
    }

    /// "412 MB", "68,719 MB".
    package static func megabytes(_ bytes: Int) -> String { "\(count(bytes / 1_000_000)) MB" }

    /// "0, 1, 2"; a longer run of consecutive seeds as "0–9".
    package static func seedList(_ seeds: [UInt64]) -> String {
        guard seeds.count > 3, seeds == Array(seeds[0]...seeds[seeds.count - 1]) else {
            return seeds.map(String.init).joined(separator: ", ")
        }
        return "\(seeds[0])–\(seeds[seeds.count - 1])"
    }

    /// "with 3 and 3 seeds, differences under 4.1 points could not be told from seed noise".
    package static func detectable(_ c: Comparison) -> String? {
        guard let d = c.detectableDifference, c.test.counts.count == 2 else { return nil }
        return "with \(c.test.counts[0]) and \(c.test.counts[1]) seeds, differences under \(points(d)) points "
            + "could not be told from seed noise"
    }
}

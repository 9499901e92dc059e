import Foundation

/// Mutations of a study file for the fuzz tests: each line deleted, each line duplicated, and each
/// value replaced by another type, a huge or negative number, deep nesting or odd text.
package enum StudyFileMutations {
    /// The committed study files the fuzz tests mutate.
    package static let studies = ["lab.yaml", "next-steps.yaml"].map { name in
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../studies/\(name)").standardized
    }

    /// Replacements for a scalar: other types, huge and negative numbers, nesting, odd text.
    package static let values = [
        "-1", "0", "1e308", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "3.5",
        "\"text\"", "[]", "{}", "[1, [2, [3, [4, [5]]]]]", "{a: {b: {c: {d: 1}}}}", "null", "true", "~",
        "\"\u{FFFD}\u{0}\"", String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
        "4096", "1000000", "-0.5", ".nan", ".inf",
    ]

    /// Every mutation of `text`.
    package static func of(_ text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var out: [String] = []
        for i in lines.indices {
            out.append((lines[..<i] + lines[(i + 1)...]).joined(separator: "\n"))
            out.append((lines[...i] + lines[i...]).joined(separator: "\n"))
            guard let colon = lines[i].firstIndex(of: ":"),
                !lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("#")
            else { continue }
            for value in values {
                var mutated = lines
                mutated[i] = String(lines[i][...colon]) + " " + value
                out.append(mutated.joined(separator: "\n"))
            }
        }
        return out
    }
}

/// The 1-based (line, column) where `snippet` first starts in `text`; (0, 0) when it does not.
package func position(of snippet: String, in text: String) -> (line: Int, column: Int) {
    for (i, line) in text.components(separatedBy: "\n").enumerated() {
        if let range = line.range(of: snippet) {
            return (i + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
        }
    }
    return (0, 0)
}

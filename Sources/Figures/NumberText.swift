/// Numbers as people read them in figures, tables and prose.
package enum NumberText {
    /// An integer with thousands separators: 820874 → "820,874".
    package static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        let body = digits.enumerated().map { i, d in (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(d) }
            .joined()
        return (n < 0 ? "-" : "") + body
    }
}

/// What is wrong with a study file, where, and how to fix it: one message a person can act on,
/// in the compiler's form `file:line:column: field: problem; fix`.
package struct StudyFileError: Error, CustomStringConvertible, Equatable {
    package let file: String
    /// 1-based; nil when the problem is not at one place (an empty file).
    package let line: Int?
    package let column: Int?
    /// Where in the study, as a path: `models.wide.layers[2]`, `experiments[0].seeds`.
    package let field: String
    package let problem: String
    package let fix: String

    package init(file: String, line: Int?, column: Int?, field: String, problem: String, fix: String) {
        (self.file, self.line, self.column, self.field, self.problem, self.fix) =
            (file, line, column, field, problem, fix)
    }

    package var description: String {
        let place = [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
        let field = field.isEmpty ? "" : " \(field):"
        return "\(place):\(field) \(problem); \(fix)"
    }
}

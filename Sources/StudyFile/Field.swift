import Yams

/// A value of the study file with where it is, so that every complaint about it names the file,
/// the line and column, and the field.
struct Field {
    let node: Node
    /// `models.wide.layers[2]`; empty for the document itself.
    let path: String
    let file: String

    func error(_ problem: String, fix: String) -> StudyFileError {
        StudyFileError(
            file: file, line: node.mark?.line, column: node.mark?.column, field: path, problem: problem, fix: fix)
    }

    /// What the value is, for messages: "a list", "the number 3", "the text \"same\"".
    var shown: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): node.int != nil || node.float != nil ? scalar.string : "\"\(scalar.string)\""
        }
    }

    func child(_ node: Node, key: String) -> Field {
        Field(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func element(_ node: Node, at index: Int) -> Field {
        Field(node: node, path: "\(path)[\(index)]", file: file)
    }

    // MARK: Scalars

    func string() throws -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            throw error("expected text, found \(shown)", fix: "write a word or a quoted sentence")
        }
        return scalar.string
    }

    func int(atLeast minimum: Int) throws -> Int {
        guard let value = node.int else {
            throw error("expected a whole number, found \(shown)", fix: "write a number such as \(max(minimum, 1) * 2)")
        }
        guard value >= minimum else {
            throw error("\(value) is too small", fix: "use a number of at least \(minimum)")
        }
        return value
    }

    func double(in range: ClosedRange<Double>, excludingUpper: Bool = false) throws -> Double {
        let bound = excludingUpper ? "below \(range.upperBound)" : "at most \(range.upperBound)"
        guard let value = node.float, value.isFinite else {
            throw error("expected a number, found \(shown)", fix: "write a number from \(range.lowerBound), \(bound)")
        }
        guard range.contains(value), !(excludingUpper && value == range.upperBound) else {
            throw error("\(value) is out of range", fix: "use a number from \(range.lowerBound), \(bound)")
        }
        return value
    }

    func bool() throws -> Bool {
        guard let value = node.bool else {
            throw error("expected true or false, found \(shown)", fix: "write true or false")
        }
        return value
    }

    /// A name that can be part of a file name (models and experiments name their figures).
    func name(of what: String) throws -> String {
        let name = try string()
        guard Self.isName(name) else {
            throw error(
                "the \(what) name \"\(name)\" has characters other than letters, digits and - _ .",
                fix: "rename it (the name becomes part of file names)")
        }
        return name
    }

    static func isName(_ name: String) -> Bool {
        !name.hasPrefix(".") && name.allSatisfy { ($0.isLetter || $0.isNumber) && $0.isASCII || "-_.".contains($0) }
    }

    /// One of `choices`, by name.
    func choice(_ choices: [String]) throws -> String { choices[try chosenIndex(choices)] }

    /// One of an enumeration's cases, by its raw name.
    func choice<Value: RawRepresentable & CaseIterable>(of _: Value.Type) throws -> Value
    where Value.RawValue == String {
        let cases = Array(Value.allCases)
        return cases[try chosenIndex(cases.map(\.rawValue))]
    }

    private func chosenIndex(_ choices: [String]) throws -> Int {
        let value = try string()
        guard let index = choices.firstIndex(of: value) else {
            throw error("unknown value \"\(value)\"", fix: "use one of \(choices.joined(separator: ", "))")
        }
        return index
    }

    // MARK: Collections

    /// The list's elements; a single value counts as a list of one.
    func list() -> [Field] {
        guard case .sequence(let sequence) = node else { return [self] }
        return sequence.enumerated().map { element($1, at: $0) }
    }

    /// The mapping's values by key, in the file's order, after checking every key is one of
    /// `allowed` (nil: any key) and appears once.
    func mapping(allowed: [String]?, what: String) throws -> [(key: String, value: Field)] {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping of \(what), found \(shown)", fix: "write `key: value` lines under it")
        }
        var seen: Set<String> = []
        return try mapping.map { key, value in
            let keyField = Field(node: key, path: path, file: file)
            let name = try keyField.string()
            if let allowed, !allowed.contains(name) {
                throw keyField.error(
                    "unknown \(what) \"\(name)\"", fix: "use one of \(allowed.joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else {
                throw keyField.error("\"\(name)\" is given twice", fix: "keep one of them")
            }
            return (name, child(value, key: name))
        }
    }

    /// As `mapping`, as a dictionary.
    func fields(allowed: [String], what: String) throws -> [String: Field] {
        Dictionary(uniqueKeysWithValues: try mapping(allowed: allowed, what: what).map { ($0.key, $0.value) })
    }
}

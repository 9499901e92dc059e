import Foundation
import NeuralNet
import Study
import Yams

/// Reads a study file (YAML) into a `StudyDefinition`, checking all of it first: every problem
/// is one `StudyFileError` naming the file, line, column and field, what is wrong and a fix.
///
///     title: Does dropout help the lab's CNN?
///     question: Does dropout before the last dense layer beat the plain CNN 3×3?
///     training: {epochs: 15}
///     models:
///       cnn3-dropout5: {from: cnn3, dropout: 0.5}
///     experiments:
///       - {name: dropout, baseline: cnn3, compare: [cnn3-dropout5], seeds: 3}
package enum StudyFile {
    package struct Loaded: Sendable {
        package var definition: StudyDefinition
        /// Things allowed but worth knowing (an experiment with one seed cannot be tested).
        package var notes: [String]
    }

    static let sections = [
        "title", "question", "data", "training", "models", "experiments", "probes", "claims", "report", "discussion",
        "correction", "evaluate",
    ]

    /// `memoryBudget`: the bytes a model may need to train (`MemoryEstimate`); nil for no limit.
    package static func load(_ url: URL, builtIn: [ModelDefinition], memoryBudget: Int? = nil) throws -> Loaded {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw StudyFileError(
                file: url.relativePath, line: nil, column: nil, field: "", problem: "cannot be read (\(error))",
                fix: "check the path, or write a study file there (see studies/lab.yaml)")
        }
        return try parse(text, file: url.relativePath, builtIn: builtIn, memoryBudget: memoryBudget)
    }

    package static func parse(
        _ text: String, file: String, builtIn: [ModelDefinition], memoryBudget: Int? = nil
    ) throws -> Loaded {
        let root = Field(node: try compose(text, file: file), path: "", file: file)
        let top = try root.fields(allowed: sections, what: "section")
        func required(_ key: String) throws -> Field {
            guard let field = top[key] else {
                throw root.error("there is no `\(key):`", fix: "add a `\(key):` section (see studies/lab.yaml)")
            }
            return field
        }
        let training = try top["training"].map { try TrainingSection.parse($0) } ?? TrainingRecipe()
        let defined = try ModelSection.parse(
            top["models"], builtIn: builtIn, training: training, memoryBudget: memoryBudget)
        var notes: [String] = []
        let experiments = try ExperimentSection.parse(try required("experiments"), models: defined, notes: &notes)
        let probes = try top["probes"].map { try ProbeSection.parse($0, models: defined) } ?? ProbeSelection()
        let claims =
            try top["claims"].map { try ClaimSection.parse($0, experiments: experiments, probes: probes) } ?? []
        let report = try top["report"].map { try ReportSection.parse($0, models: defined) } ?? ReportSelection()
        let used = Set(experiments.flatMap { [$0.baseline] + $0.compared }).union(probes.models)
        if let field = top["report"], let unused = report.featured.first(where: { !used.contains($0) }) {
            throw field.error(
                "\(unused) is featured but no experiment or probe trains it", fix: "compare it in an experiment")
        }
        let entries = try top["models"]?.mapping(allowed: nil, what: "model") ?? []
        try checkWhitening(defined.filter { used.contains($0.name) }, training: training, entries: entries, top: top)
        for (name, field) in entries where !used.contains(name) {
            notes.append(
                field.error("\(name) is defined but no experiment or probe uses it", fix: "compare it or remove it")
                    .description)
        }
        return Loaded(
            definition: StudyDefinition(
                title: try required("title").string(), question: try required("question").string(),
                data: try top["data"].map(DataSection.parse) ?? DataSelection(), training: training,
                models: defined.filter { used.contains($0.name) }, experiments: experiments, probes: probes,
                claims: claims, report: report,
                discussion: try top["discussion"]?.list().map { try $0.string() } ?? [],
                correction: try correction(top["correction"]), endPoint: try endPoint(top["evaluate"])),
            notes: notes)
    }

    /// A recipe with `whitening` needs each model it trains to start with a whitening conv: refused
    /// at the model's entry, else at the study's `whitening:`.
    private static func checkWhitening(
        _ models: [ModelDefinition], training: TrainingRecipe, entries: [(key: String, value: Field)],
        top: [String: Field]
    ) throws {
        let entries = Dictionary(entries, uniquingKeysWith: { $1 })
        for model in models {
            guard let whitening = (model.training ?? training).whitening,
                let problem = whitening.problem(with: model.architecture),
                let field = entries[model.name] ?? top["training"]
            else { continue }
            throw field.error(
                "\(model.name) cannot start from a whitening layer: \(problem)",
                fix: "begin its layers with `- conv2d: {filters: 24, kernel: 2, padding: valid}` (for 2×2 patches "
                    + "of 3 channels), or train it without `whitening`")
        }
    }

    /// `evaluate: final | best_validation | {mean_last: 5}`: which accuracy of a run is compared
    /// (`final` when left out).
    static func endPoint(_ field: Field?) throws -> EndPoint {
        guard let field else { return .final }
        if case .mapping = field.node {
            let f = try field.fields(allowed: ["mean_last"], what: "end point")
            guard let n = f["mean_last"] else {
                throw field.error("no end point given", fix: "write `evaluate: {mean_last: 5}`")
            }
            return .meanLast(try n.int(atLeast: 1))
        }
        return try field.choice(["final", "best_validation"]) == "final" ? .final : .bestValidation
    }

    /// `correction: none | holm | bonferroni`, how the study's p-values are adjusted (Holm when left out).
    static func correction(_ field: Field?) throws -> Correction {
        guard let field else { return .holm }
        return Correction(rawValue: try field.choice(Correction.allCases.map(\.rawValue))) ?? .holm
    }

    /// The document's root, with YAML's own syntax errors given in the same form as ours.
    static func compose(_ text: String, file: String) throws -> Node {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw syntaxError(error, file: file)
        }
        guard let node else {
            throw StudyFileError(
                file: file, line: nil, column: nil, field: "", problem: "the file is empty",
                fix: "write a study in it (see studies/lab.yaml)")
        }
        return node
    }

    static func syntaxError(_ error: YamlError, file: String) -> StudyFileError {
        func at(_ mark: Mark, _ problem: String) -> StudyFileError {
            StudyFileError(
                file: file, line: mark.line, column: mark.column, field: "", problem: "YAML syntax: \(problem)",
                fix: "check the indentation and the `key: value` form of this line")
        }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return at(mark, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return StudyFileError(
                file: file, line: context.mark.line, column: context.mark.column, field: "",
                problem: "\(duplicates.sorted().joined(separator: ", ")) defined twice",
                fix: "give every model and section a name of its own")
        case .reader(let problem, let offset, _, let yaml):
            // The offset counts bytes of the UTF-8 text: the line and column are those before it.
            let before = offset.map { String(decoding: Array(yaml.utf8).prefix($0), as: UTF8.self) } ?? ""
            let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
            return StudyFileError(
                file: file, line: offset == nil ? nil : lines.count,
                column: offset == nil ? nil : (lines.last?.count ?? 0) + 1,
                field: "", problem: "not readable as YAML: \(problem)",
                fix: "write plain text: no control characters (a tab or line break only), valid UTF-8")
        default:
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            return StudyFileError(
                file: file, line: nil, column: nil, field: "", problem: "not YAML (\(first))",
                fix: "write the study as YAML (see studies/lab.yaml)")
        }
    }
}

extension ProbeSelection {
    /// Every model a probe names.
    var models: Set<String> { Set(translation + permutation + receptiveFields + (featureMaps.map { [$0] } ?? [])) }
}

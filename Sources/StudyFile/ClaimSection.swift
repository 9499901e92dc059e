import Study

/// `claims:` — what the study sets out to show, each decided by one comparison of its
/// experiments or one of its probes:
///
///     claims:
///       - claim: The CNN beats the MLP with fewer parameters
///         better: cnn3                  # more accurate over the seeds than `than`
///         than: mlp
///         fewer_parameters: true
///       - {claim: Small kernels are the efficient choice, no_better: cnn5, than: cnn3}
///       - {claim: Convolutions assume locality, hurt_more_by_permutation: cnn3, than: mlp}
///       - {claim: Convolutions tolerate shifts, more_shift_tolerant: cnn3, than: mlp}
enum ClaimSection {
    static let tests = ["better", "no_better", "hurt_more_by_permutation", "more_shift_tolerant"]
    static let keys = ["claim", "than", "fewer_parameters"] + tests

    static func parse(
        _ field: Field, experiments: [ExperimentDefinition], probes: ProbeSelection
    ) throws
        -> [ClaimDefinition]
    {
        guard case .sequence = field.node else {
            throw field.error("expected a list of claims", fix: "write each claim as a `- claim: …` item")
        }
        return try field.list().map { try parse($0, experiments: experiments, probes: probes) }
    }

    static func parse(
        _ field: Field, experiments: [ExperimentDefinition], probes: ProbeSelection
    ) throws
        -> ClaimDefinition
    {
        let f = try field.fields(allowed: keys, what: "claim setting")
        guard let text = try f["claim"]?.string() else {
            throw field.error("the claim has no text", fix: "add `claim: The CNN beats the MLP`")
        }
        let named = tests.filter { f[$0] != nil }
        guard named.count == 1, let kind = named.first, let modelField = f[kind] else {
            throw field.error(
                named.isEmpty ? "the claim names no test" : "the claim names \(named.count) tests",
                fix: "give exactly one of \(tests.joined(separator: ", ")) with the model it is about")
        }
        guard let thanField = f["than"] else {
            throw field.error("the claim has no `than:`", fix: "name the model it is compared with: `than: mlp`")
        }
        let (model, than) = (try modelField.string(), try thanField.string())
        if let fewer = f["fewer_parameters"], kind != "better" {
            throw fewer.error("fewer_parameters goes with `better:` only", fix: "remove it")
        }
        guard model != than else {
            throw modelField.error("a claim compares \(model) with itself", fix: "name two models")
        }
        switch kind {
        case "hurt_more_by_permutation":
            try measured(model, than, by: probes.permutation, "probes.permutation", at: modelField)
        case "more_shift_tolerant":
            try measured(model, than, by: probes.translation, "probes.translation", at: modelField)
        default:
            let compared = experiments.contains { e in
                (e.baseline == model && e.compared.contains(than)) || (e.baseline == than && e.compared.contains(model))
            }
            guard compared else {
                throw modelField.error(
                    "no experiment compares \(model) with \(than)",
                    fix: "add an experiment with one as the baseline and the other compared")
            }
        }
        let test: ClaimDefinition.Test =
            switch kind {
            case "better":
                .better(model: model, than: than, fewerParameters: try f["fewer_parameters"]?.bool() ?? false)
            case "no_better": .noBetter(model: model, than: than)
            case "hurt_more_by_permutation": .hurtMoreByPermutation(model: model, than: than)
            default: .moreShiftTolerant(model: model, than: than)
            }
        return ClaimDefinition(text: text, test: test)
    }

    /// A probe's claim names two models the probe measures.
    static func measured(_ model: String, _ than: String, by probed: [String], _ probe: String, at field: Field) throws
    {
        guard probed.contains(model), probed.contains(than) else {
            throw field.error("\(probe) does not measure both \(model) and \(than)", fix: "add both to `\(probe):`")
        }
    }
}

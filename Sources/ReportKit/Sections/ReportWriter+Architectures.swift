import DocumentKit
import Study

/// Each featured model's layers, where its parameters sit and what its arithmetic costs.
extension ReportWriter {
    func architectures() -> Section {
        let described = results.featured.compactMap(description)
        let bullets = findings.anatomy.flatMap(anatomyBullets)
        return Section(
            "Models",
            [
                .paragraph(
                    """
                    \(Format.countWord(described.count, "model")), all initialised the Keras way (Glorot-uniform \
                    weights, zero biases) from the run's seed, all ending in \
                    \(described.first?.layers.last?.outputShape.last ?? 0) outputs with a softmax. Shapes are per \
                    image, channels last.
                    """),
                .bullets(bullets),
            ], subsections: described.map { Section($0.title, [.table(Tables.layers($0))]) })
    }

    /// Where one model's parameters are, what its convolutions share, its arithmetic and its field.
    func anatomyBullets(_ a: ModelAnatomy) -> [String] {
        let name = title(a.model)
        var bullets: [String] = []
        if let l = a.largest {
            let input =
                l.kind == .dense && l.inputShape.count == 1
                ? "\(Format.count(l.weightsPerUnit)) inputs" : "inputs of shape \(Format.shape(l.inputShape))"
            let layer = l.kind == .dense ? "dense layer of \(Format.count(l.units)) units" : "convolution"
            bullets.append(
                """
                **Where the parameters of \(name) are.** Its largest layer, a \(layer) on \(input), has a weight \
                for every input–unit pair, \(Format.count(l.weightsPerUnit)) × \(Format.count(l.units)) = \
                \(Format.count(l.weights)), plus \(Format.count(l.units)) biases: \
                **\(Format.count(l.parameters))** parameters, \(Format.percent(l.share)) of the model's \
                \(Format.count(a.parameters)).
                """)
        }
        if let c = a.firstConvolution, let k = c.kernel, let positions = c.positions {
            bullets.append(
                """
                **Why its convolutions are cheap in parameters.** The first convolution of \(name) has \
                \(Format.count(c.units)) filters of \(k)×\(k)×\(c.inputShape.last ?? 0) weights and a bias each: \
                \(Format.count(c.units)) × \(Format.count(c.weightsPerUnit + 1)) = \
                **\(Format.count(c.parameters))** parameters, shared over all \(Format.count(positions)) positions.
                """)
        }
        if a.model != a.reference {
            bullets.append(
                """
                **…and what it costs in arithmetic.** \(name) does \(Format.count(a.multiplyAccumulates)) \
                multiply-accumulates per image, \(Format.ratio(a.macRatio))× those of \(title(a.reference)).
                """)
        }
        if let field = a.receptiveField {
            bullets.append(
                """
                **Receptive field.** The side of the input window one unit of \(name) sees grows with every \
                convolution and pooling: by its last such layer it is \(Format.square(field)) pixels.
                """)
        }
        return bullets
    }
}

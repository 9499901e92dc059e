import DocumentKit
import Study

/// Tables more than one report shows.
enum Tables {
    /// A model's layers, as Keras' summary shows them, with the cost and receptive field of each.
    static func layers(_ d: ModelDescription) -> Table {
        let rows =
            d.layers.map { l in
                [
                    l.kind.rawValue, Format.shape(l.outputShape), Format.count(l.parameters),
                    Format.count(l.multiplyAccumulates),
                    l.receptiveField.map(Format.square) ?? "—",
                ]
            } + [
                [
                    "**total**", "", "**\(Format.count(d.parameters))**", "**\(Format.count(d.multiplyAccumulates))**",
                    "",
                ]
            ]
        return Table(
            header: ["layer", "output shape (H, W, C)", "parameters", "multiply-accumulates", "receptive field"],
            rows: rows)
    }

    /// Every run of a study: what it was, how it ended, where it came from, its cache key.
    static func runs(_ records: [RunRecord]) -> Table {
        Table(
            header: ["model", "seed", "epochs", "test accuracy", "wall time", "source", "cache key"],
            rows: records.map { r in
                let c = r.run.configuration
                return [
                    c.model.rawValue + (c.isPermuted ? " (permuted pixels)" : ""), String(c.seed), String(c.epochs),
                    Format.accuracy(r.testAccuracy), Format.seconds(r.run.totalSeconds),
                    r.reused ? "cache" : "trained", "`\(r.key)`",
                ]
            })
    }
}

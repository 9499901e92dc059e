import ArgumentParser
import Figures
import NeuralNet
import Study

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print each model's layers (output shape, parameters, multiply-accumulates) and its memory.")

    func run() throws {
        for model in ModelDefinition.builtIn {
            let rows = try model.architecture.summary()
            print("\(model.name) — \(model.title)")
            print(SummaryTable.render(rows))
            print(try MemoryLine.text(model.architecture, batch: TrainingConfiguration.defaultBatchSize))
            print()
        }
    }
}

enum SummaryTable {
    static func render(_ rows: [LayerSummary]) -> String {
        let header = ["layer", "output shape", "params", "MACs", "receptive field"]
        var cells = rows.map { row in
            [
                row.kind.rawValue, "(" + row.outputShape.map(String.init).joined(separator: ", ") + ")",
                NumberText.grouped(row.parameters), NumberText.grouped(row.multiplyAccumulates),
                row.receptiveField.map { "\($0)×\($0)" } ?? "—",
            ]
        }
        cells.append([
            "total", "", NumberText.grouped(rows.reduce(0) { $0 + $1.parameters }),
            NumberText.grouped(rows.reduce(0) { $0 + $1.multiplyAccumulates }), "",
        ])
        let widths = header.indices.map { c in ([header] + cells).map { $0[c].count }.max()! }
        func line(_ r: [String]) -> String {
            r.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return c == 0 || c == 1 ? text + pad : pad + text
            }.joined(separator: "   ")
        }
        let rule = String(repeating: "─", count: widths.reduce(0, +) + 3 * (widths.count - 1))
        return ([line(header), rule] + cells.dropLast().map(line) + [rule, line(cells.last!)]).joined(separator: "\n")
    }

}

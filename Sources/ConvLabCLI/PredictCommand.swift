import ArgumentParser
import Deployment
import Foundation
import Imaging

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Classify PNG images with an exported model.")

    @Option(help: "model.tar.gz from `report export`, or the folder it was extracted into.") var model: String
    @Option(help: "How many classes to list per image.") var top = 3
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Argument(help: "PNG files, or folders of PNG files.") var images: [String]

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard !images.isEmpty else { throw ValidationError("name at least one PNG file or folder") }
    }

    func run() throws {
        let (network, manifest) = try ModelArtifact.load(URL(fileURLWithPath: model))
        let predictor = Predictor(model: network, manifest: manifest)
        let files = try images.flatMap(Self.pngFiles)
        let predictions = predictor.predict(try files.map { try PNG.read($0) })
        if json {
            struct Line: Encodable {
                let file: String
                let prediction: Predictor.Prediction
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for (file, p) in zip(files, predictions) {
                Console.line(String(decoding: try encoder.encode(Line(file: file.path, prediction: p)), as: UTF8.self))
            }
            return
        }
        for (file, p) in zip(files, predictions) {
            let ranked = p.top(top, classNames: manifest.classNames).map {
                "\($0.name) \(String(format: "%.3f", $0.probability))"
            }
            Console.line("\(file.path): \(ranked.joined(separator: ", "))" + (p.note.map { "  (\($0))" } ?? ""))
        }
    }

    static func pngFiles(_ path: String) throws -> [URL] {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("\(path): no such file or folder")
        }
        guard isDirectory.boolValue else { return [url] }
        return try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.lowercased().hasSuffix(".png") }
            .sorted()
            .map { url.appendingPathComponent($0) }
    }
}

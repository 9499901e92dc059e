import ArgumentParser
import CIFAR
import Foundation
import Study

struct DataOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder holding the CIFAR-10 binary files (data_batch_1.bin … test_batch.bin).",
            discussion: "Without it: $CIFAR10_DIR, then the cache folder, then a download into the cache.",
            valueName: "dir"))
    var data: String?
    @Flag(help: "Use data files whose MD5 is not the official one (the report says so).")
    var acceptModifiedData = false
    /// Set by `report --jobs` for its workers: it has printed the data warnings once already.
    @Flag(help: .hidden) var quietDataWarnings = false

    /// The same data for a `report run` in another process, which need not warn again.
    var forwarded: [String] {
        (data.map { ["--data", $0] } ?? [])
            + (acceptModifiedData ? ["--accept-modified-data", "--quiet-data-warnings"] : [])
    }

    /// The data set, checked against the official MD5s, with where it was found.
    func load() throws -> LoadedData {
        let (directory, source) = try DataLocator(explicitDirectory: data).locate { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let dataset = try CIFAR10.load(from: directory)
        let modified = try dataset.verify(acceptingModified: acceptModifiedData)
        for file in modified where !quietDataWarnings {
            let warning = "warning: \(file.name) is not the official file (MD5 \(file.md5), official \(file.published))"
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        let path = DataLocator.displayPath(
            directory, workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            home: ProcessInfo.processInfo.environment["HOME"].map { URL(fileURLWithPath: $0) })
        let provenance = try DataProvenance(data: dataset, path: path, source: source, modifiedFiles: modified)
        return LoadedData(data: dataset, provenance: provenance)
    }
}

/// The data set and the record of where it came from.
struct LoadedData {
    let data: CIFAR10
    let provenance: DataProvenance
}

extension StudyModel: ExpressibleByArgument {}

/// A built-in model by name (`--model cnn3`).
extension ModelDefinition: ExpressibleByArgument {
    public init?(argument: String) {
        guard let model = Self.builtIn.first(where: { $0.name == argument }) else { return nil }
        self = model
    }

    public static var allValueStrings: [String] { builtIn.map(\.name) }
}

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

    /// The data set, and where it was found.
    func load() throws -> (data: CIFAR10, source: DataLocator.Source) {
        let (directory, source) = try DataLocator(explicitDirectory: data).locate { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        return (try CIFAR10.load(from: directory), source)
    }
}

extension StudyModel: ExpressibleByArgument {}

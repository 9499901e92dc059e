import ArgumentParser
import CIFAR
import Foundation
import Study

struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Folder holding the CIFAR-10 binary files (data_batch_1.bin … test_batch.bin).",
        discussion: "Without it: $CIFAR10_DIR, then the cache folder, then a download into the cache.",
        valueName: "dir"))
    var data: String?

    func load() throws -> CIFAR10 {
        let (directory, _) = try DataLocator(explicitDirectory: data).locate { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        return try CIFAR10.load(from: directory)
    }
}

extension StudyModel: ExpressibleByArgument {}

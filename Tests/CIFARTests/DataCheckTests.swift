import CIFAR
import ConvLabTestSupport
import Foundation
import Testing

/// Local data is compared with the published MD5s: one flipped bit is refused, with the file and
/// both checksums named, unless the user accepts modified data; report paths read as given.
@Suite struct DataCheckTests {
    /// The synthetic files' own MD5s stand in for the published ones.
    func published(_ data: SyntheticCIFAR) throws -> [String: String] {
        try Dictionary(uniqueKeysWithValues: CIFAR10.binaryFiles.map { ($0, try Checksums.md5(of: data.file($0))) })
    }

    @Test func aFlippedBitIsRefusedNamingTheFileAndBothMD5s() throws {
        let data = try SyntheticCIFAR()
        defer { data.remove() }
        let official = try published(data)
        #expect(try CIFAR10.load(from: data.root).verify(acceptingModified: false, published: official).isEmpty)

        var bytes = try Data(contentsOf: data.file("data_batch_3.bin"))
        bytes[100] ^= 0x04  // a pixel byte: the file still parses
        try bytes.write(to: data.file("data_batch_3.bin"))
        let flipped = Checksums.md5(of: bytes)
        let loaded = try CIFAR10.load(from: data.root)
        do {
            _ = try loaded.verify(acceptingModified: false, published: official)
            Issue.record("modified data accepted without the flag")
        } catch let error as CIFARError {
            for phrase in ["data_batch_3.bin", flipped, official["data_batch_3.bin"]!, "--accept-modified-data"] {
                #expect(error.description.contains(phrase), "\(error.description)")
            }
            #expect(!error.description.contains("\n"))
        }
        let accepted = try loaded.verify(acceptingModified: true, published: official)
        #expect(
            accepted == [ModifiedFile(name: "data_batch_3.bin", md5: flipped, published: official["data_batch_3.bin"]!)]
        )
    }

    @Test func theOfficialFilesPass() throws {
        guard let folder = SharedData.directory else { return }
        #expect(try CIFAR10.load(from: folder).modifiedFiles().isEmpty)
    }

    @Test(arguments: [
        ("/work/shared/cifar", "/work/main", "../shared/cifar"),
        ("/work/main/data/cifar", "/work/main", "data/cifar"),
        ("/work/main", "/work/main", "."),
        ("/home/ada/.cache/convlab/cifar", "/srv/x/y/z", "~/.cache/convlab/cifar"),
        ("/data/cifar", "/srv/a/b/c", "/data/cifar"),
    ])
    func reportPathsAreRelativeToTheWorkingDirectory(folder: String, workingDirectory: String, shown: String) {
        let path = DataLocator.displayPath(
            URL(fileURLWithPath: folder), workingDirectory: URL(fileURLWithPath: workingDirectory),
            home: URL(fileURLWithPath: "/home/ada"))
        #expect(path == shown)
    }
}

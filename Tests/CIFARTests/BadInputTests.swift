import CIFAR
import ConvLabTestSupport
import Foundation
import Testing

/// Every bad input gives one `CIFARError` whose message names the file and says how to fix it.
@Suite struct BadInputTests {
    func expectError(_ body: () throws -> Void, mentions phrases: [String]) {
        do {
            try body()
            Issue.record("no error; expected one mentioning \(phrases)")
        } catch let error as CIFARError {
            for phrase in phrases { #expect(error.description.contains(phrase), "\(error.description)") }
            #expect(!error.description.contains("\n"), "one line")
        } catch {
            Issue.record("not a CIFARError: \(error)")
        }
    }

    @Test func missingFolder() {
        expectError(
            { _ = try CIFAR10.load(from: URL(fileURLWithPath: "/nonexistent/cifar")) },
            mentions: ["/nonexistent/cifar", "no such folder", "--data"])
    }

    @Test func missingFile() throws {
        let data = try SyntheticCIFAR()
        defer { data.remove() }
        try FileManager.default.removeItem(at: data.file("data_batch_3.bin"))
        expectError({ _ = try CIFAR10.load(from: data.root) }, mentions: ["data_batch_3.bin", "missing", "--data"])
    }

    @Test func wrongSize() throws {
        let data = try SyntheticCIFAR()
        defer { data.remove() }
        try Data(repeating: 1, count: 3073 * 2 + 100).write(to: data.file("data_batch_2.bin"))
        expectError({ _ = try CIFAR10.load(from: data.root) }, mentions: ["data_batch_2.bin", "3073", "re-download"])
    }

    @Test func labelAboveNine() throws {
        let data = try SyntheticCIFAR()
        defer { data.remove() }
        var bytes = try Data(contentsOf: data.file("test_batch.bin"))
        bytes[3073 * 2] = 12
        try bytes.write(to: data.file("test_batch.bin"))
        expectError({ _ = try CIFAR10.load(from: data.root) }, mentions: ["test_batch.bin", "record 2", "label 12"])
    }

    @Test func checksumMismatch() throws {
        let data = try SyntheticCIFAR()
        defer { data.remove() }
        expectError(
            { try Checksums.verify(data.file("data_batch_1.bin"), md5: Checksums.fileMD5s["data_batch_1.bin"]!) },
            mentions: ["data_batch_1.bin", "does not match", "download again"])
    }

    @Test func badEnvironmentFolderNamesTheVariable() {
        let locator = DataLocator(explicitDirectory: nil, environment: ["CIFAR10_DIR": "/nowhere", "HOME": "/tmp"])
        expectError({ _ = try locator.locate() }, mentions: ["CIFAR10_DIR", "/nowhere"])
    }

    /// Nothing answers on port 9 of the loopback: the download fails at once, names the address,
    /// and leaves no cache folder and no temporary files behind.
    @Test func noNetworkLeavesNoHalfWrittenCache() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let locator = DataLocator(
            explicitDirectory: nil, environment: ["XDG_CACHE_HOME": home.path],
            archiveURL: URL(string: "http://127.0.0.1:9/cifar-10-binary.tar.gz")!)
        expectError({ _ = try locator.locate() }, mentions: ["127.0.0.1:9", "could not download", "--data"])
        let cache = locator.cacheDirectory
        #expect(!FileManager.default.fileExists(atPath: cache.path))
        let leftovers =
            (try? FileManager.default.contentsOfDirectory(atPath: cache.deletingLastPathComponent().path)) ?? []
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
    }
}

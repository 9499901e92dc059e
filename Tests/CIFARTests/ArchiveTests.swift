import CIFAR
import ConvLabTestSupport
import Foundation
import Testing

@Suite struct ArchiveTests {
    /// A .tar.gz laid out like the official one (cifar-10-batches-bin/…), and the MD5s of its
    /// parts as `md5sum` computes them (an independent reference for the checksum code).
    struct Archive {
        let url: URL
        let md5: String
        let fileMD5s: [String: String]
        let data: SyntheticCIFAR
    }

    func makeArchive() throws -> Archive {
        let data = try SyntheticCIFAR(perFile: 3)
        let staging = data.root.appendingPathComponent("staging")
        let folder = staging.appendingPathComponent("cifar-10-batches-bin")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in CIFAR10.binaryFiles + [CIFAR10.metaFile] {
            try FileManager.default.copyItem(at: data.file(name), to: folder.appendingPathComponent(name))
        }
        let url = data.root.appendingPathComponent("cifar-10-binary.tar.gz")
        try shell(["tar", "-czf", url.path, "-C", staging.path, "cifar-10-batches-bin"])
        func md5sum(_ file: URL) throws -> String { String(try shell(["md5sum", file.path]).prefix(32)) }
        var fileMD5s: [String: String] = [:]
        for name in CIFAR10.binaryFiles { fileMD5s[name] = try md5sum(folder.appendingPathComponent(name)) }
        return Archive(url: url, md5: try md5sum(url), fileMD5s: fileMD5s, data: data)
    }

    @Test func md5MatchesMd5sum() throws {
        let archive = try makeArchive()
        defer { archive.data.remove() }
        #expect(try Checksums.md5(of: archive.url) == archive.md5)
    }

    @Test func installsAVerifiedArchiveIntoPlace() throws {
        let archive = try makeArchive()
        defer { archive.data.remove() }
        let destination = archive.data.root.appendingPathComponent("cache/convlab/cifar-10-batches-bin")
        try ArchiveInstaller(destination: destination, archiveMD5: archive.md5, fileMD5s: archive.fileMD5s).install(
            archive: archive.url)
        let cifar = try CIFAR10.load(from: destination)
        #expect(cifar.training == archive.data.training)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path) == [
                "cifar-10-batches-bin"
            ])
    }

    @Test func aBadMemberChecksumLeavesNothingBehind() throws {
        let archive = try makeArchive()
        defer { archive.data.remove() }
        let destination = archive.data.root.appendingPathComponent("cache/convlab/cifar-10-batches-bin")
        var wrong = archive.fileMD5s
        wrong["data_batch_4.bin"] = String(repeating: "0", count: 32)
        do {
            try ArchiveInstaller(destination: destination, archiveMD5: archive.md5, fileMD5s: wrong).install(
                archive: archive.url)
            Issue.record("installed despite a wrong checksum")
        } catch let error as CIFARError {
            #expect(error.description.contains("data_batch_4.bin"))
        }
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path).isEmpty)
    }

    @Test func aBadArchiveChecksumIsRefusedBeforeExtracting() throws {
        let archive = try makeArchive()
        defer { archive.data.remove() }
        let destination = archive.data.root.appendingPathComponent("cache/cifar-10-batches-bin")
        #expect(throws: CIFARError.self) {
            try ArchiveInstaller(destination: destination, archiveMD5: Checksums.archiveMD5, fileMD5s: archive.fileMD5s)
                .install(archive: archive.url)
        }
        #expect(!FileManager.default.fileExists(atPath: destination.path))
    }

    /// The whole locate path: nothing given, nothing cached, so it downloads over HTTP (from a
    /// server on the loopback), verifies, extracts, and the next call finds the cache.
    @Test(.enabled(if: LoopbackServer.available, "needs python3 for a loopback HTTP server"))
    func locatorDownloadsIntoTheCacheThenReusesIt() throws {
        let archive = try makeArchive()
        defer { archive.data.remove() }
        let server = try LoopbackServer(serving: archive.data.root)
        defer { server.stop() }
        let cacheHome = archive.data.root.appendingPathComponent("xdg")
        let locator = DataLocator(
            explicitDirectory: nil, environment: ["XDG_CACHE_HOME": cacheHome.path],
            archiveURL: server.url(for: "cifar-10-binary.tar.gz"), archiveMD5: archive.md5, fileMD5s: archive.fileMD5s)
        var lines: [String] = []
        let first = try locator.locate { lines.append($0) }
        #expect(first.source == .download)
        #expect(first.directory == cacheHome.appendingPathComponent("convlab/cifar-10-batches-bin"))
        #expect(lines.last?.contains("downloading cifar-10-binary.tar.gz") == true)
        #expect(try locator.locate().source == .cache)
        #expect(try CIFAR10.load(from: first.directory).test == archive.data.test)
    }

    @Test(.enabled(if: LoopbackServer.available, "needs python3 for a loopback HTTP server"))
    func httpErrorIsReportedWithTheAddress() throws {
        let archive = try makeArchive()
        defer { archive.data.remove() }
        let server = try LoopbackServer(serving: archive.data.root)
        defer { server.stop() }
        let missing = server.url(for: "no-such-file.tar.gz")
        let locator = DataLocator(
            explicitDirectory: nil,
            environment: ["XDG_CACHE_HOME": archive.data.root.appendingPathComponent("xdg").path],
            archiveURL: missing, archiveMD5: archive.md5, fileMD5s: archive.fileMD5s)
        #expect { _ = try locator.locate() } throws: { error in
            "\(error)".contains("HTTP 404") && "\(error)".contains(missing.absoluteString)
        }
    }

    @Test func explicitFolderWinsOverEnvironmentWhichWinsOverCache() throws {
        let a = try SyntheticCIFAR()
        let b = try SyntheticCIFAR()
        defer {
            a.remove()
            b.remove()
        }
        let environment = ["CIFAR10_DIR": b.root.path, "XDG_CACHE_HOME": "/nonexistent"]
        #expect(
            try DataLocator(explicitDirectory: a.root.path, environment: environment).locate().directory.path
                == a.root.path)
        #expect(try DataLocator(explicitDirectory: nil, environment: environment).locate().source == .environment)
    }
}

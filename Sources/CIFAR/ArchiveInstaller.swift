import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Puts the official archive's contents into a cache folder, all or nothing: download to a
/// temporary file, check its MD5, extract into a temporary folder beside the destination, check
/// every `.bin` against its MD5, then rename the folder into place.
public struct ArchiveInstaller: Sendable {
    public let destination: URL
    public let archiveMD5: String
    public let fileMD5s: [String: String]

    public init(destination: URL, archiveMD5: String, fileMD5s: [String: String]) {
        self.destination = destination
        self.archiveMD5 = archiveMD5
        self.fileMD5s = fileMD5s
    }

    private var parent: URL { destination.deletingLastPathComponent() }

    public func downloadAndInstall(from url: URL, progress: (String) -> Void) throws {
        try makeParent()
        let archive = parent.appendingPathComponent(".download-\(UUID().uuidString).tar.gz")
        defer { try? FileManager.default.removeItem(at: archive) }
        try Download.fetch(url, to: archive, progress: progress)
        try install(archive: archive)
    }

    /// Checks and extracts a downloaded `cifar-10-binary.tar.gz`.
    public func install(archive: URL) throws {
        do { try Checksums.verify(archive, md5: archiveMD5) } catch let error as CIFARError {
            throw CIFARError("\(error.description) (downloaded archive)")
        }
        try makeParent()
        let staging = parent.appendingPathComponent(".extract-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try extract(archive, into: staging)
        // The official archive holds one folder, cifar-10-batches-bin/.
        let extracted = staging.appendingPathComponent("cifar-10-batches-bin")
        do { try CIFAR10.checkFolder(extracted) } catch let error as CIFARError {
            throw CIFARError(
                "\(archive.path): the archive does not hold cifar-10-batches-bin/ with every file "
                    + "(\(error.description))"
            )
        }
        for (name, md5) in fileMD5s.sorted(by: { $0.key < $1.key }) {
            try Checksums.verify(extracted.appendingPathComponent(name), md5: md5)
        }
        try? FileManager.default.removeItem(at: destination)
        do { try FileManager.default.moveItem(at: extracted, to: destination) } catch {
            throw CIFARError(
                "\(destination.path): cannot move the extracted data into place (\(error.localizedDescription)); "
                    + "check that the folder is writable"
            )
        }
    }

    private func makeParent() throws {
        do { try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw CIFARError(
                "\(parent.path): cannot create the cache folder (\(error.localizedDescription)); set "
                    + "XDG_CACHE_HOME to a writable folder, or pass --data DIR"
            )
        }
    }

    private func extract(_ archive: URL, into folder: URL) throws {
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-xzf", archive.path, "-C", folder.path]
        let errors = Pipe()
        tar.standardError = errors
        do { try tar.run() } catch {
            throw CIFARError(
                "cannot run tar to extract \(archive.path) (\(error.localizedDescription)); install tar and gzip")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else {
            throw CIFARError(
                "\(archive.path): tar could not extract it "
                    + "(\(message.trimmingCharacters(in: .whitespacesAndNewlines))); delete it and download again"
            )
        }
    }
}

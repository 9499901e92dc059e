import Foundation

/// Where the data comes from, in this order: `--data DIR`, `$CIFAR10_DIR`, the cache folder
/// (`$XDG_CACHE_HOME/convlab/cifar-10-batches-bin`, else `~/.cache/convlab/…`), and otherwise a
/// download into the cache. A folder named explicitly is used or rejected, never passed over.
public struct DataLocator: Sendable {
    public enum Source: String, Codable, Sendable { case option, environment, cache, download }

    public var explicitDirectory: String?
    public var environment: [String: String]
    public var archiveURL: URL
    public var archiveMD5: String
    public var fileMD5s: [String: String]

    public init(
        explicitDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        archiveURL: URL = Checksums.archiveURL, archiveMD5: String = Checksums.archiveMD5,
        fileMD5s: [String: String] = Checksums.fileMD5s
    ) {
        self.explicitDirectory = explicitDirectory
        self.environment = environment
        self.archiveURL = archiveURL
        self.archiveMD5 = archiveMD5
        self.fileMD5s = fileMD5s
    }

    public var cacheDirectory: URL {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg)
        } else {
            base = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache")
        }
        return base.appendingPathComponent("convlab/cifar-10-batches-bin")
    }

    /// A folder that is already there, in the order above: nil when only the cache is missing.
    /// A folder named by --data or CIFAR10_DIR that is not whole is an error, never passed over.
    public func existingFolder() throws -> (directory: URL, source: Source)? {
        if let explicitDirectory {
            let url = URL(fileURLWithPath: explicitDirectory)
            try CIFAR10.checkFolder(url)
            return (url, .option)
        }
        if let fromEnvironment = environment["CIFAR10_DIR"], !fromEnvironment.isEmpty {
            let url = URL(fileURLWithPath: fromEnvironment)
            do { try CIFAR10.checkFolder(url) } catch let error as CIFARError {
                throw CIFARError("CIFAR10_DIR: \(error.description)")
            }
            return (url, .environment)
        }
        if (try? CIFAR10.checkFolder(cacheDirectory)) != nil { return (cacheDirectory, .cache) }
        return nil
    }

    /// The folder to read, downloading into the cache when nothing else is there.
    public func locate(progress: (String) -> Void = { _ in }) throws -> (directory: URL, source: Source) {
        if let found = try existingFolder() { return found }
        let installer = ArchiveInstaller(destination: cacheDirectory, archiveMD5: archiveMD5, fileMD5s: fileMD5s)
        try installer.downloadAndInstall(from: archiveURL, progress: progress)
        return (cacheDirectory, .download)
    }
}

import Foundation

/// A binary file whose bytes are not those of the official release.
public struct ModifiedFile: Codable, Sendable, Equatable {
    public var name: String
    public var md5: String
    public var published: String

    public init(name: String, md5: String, published: String) {
        (self.name, self.md5, self.published) = (name, md5, published)
    }
}

extension CIFAR10 {
    /// The binary files whose MD5 (taken while they were read, so this costs nothing more) is
    /// not the published one: none for the official data.
    public func modifiedFiles(published: [String: String] = Checksums.fileMD5s) -> [ModifiedFile] {
        CIFAR10.binaryFiles.compactMap { name in
            guard let expected = published[name], let actual = md5[name], actual != expected else { return nil }
            return ModifiedFile(name: name, md5: actual, published: expected)
        }
    }

    /// The modified files, which are accepted only when the user said so: otherwise throws,
    /// naming the first with both MD5s and the two ways out.
    public func verify(
        acceptingModified: Bool, published: [String: String] = Checksums.fileMD5s
    ) throws -> [ModifiedFile] {
        let modified = modifiedFiles(published: published)
        guard let first = modified.first, !acceptingModified else { return modified }
        let others = modified.count > 1 ? " (and \(modified.count - 1) more)" : ""
        throw CIFARError(
            """
            \(directory.appendingPathComponent(first.name).path): MD5 \(first.md5) is not the official file's \
            \(first.published)\(others); the data was altered or corrupted: download it again (delete the folder, \
            or leave out --data and $CIFAR10_DIR to use the verified cache), or pass --accept-modified-data to \
            use it anyway (the report will say so)
            """)
    }
}

extension DataLocator {
    /// A folder as a person should read it in a report: relative to the working directory
    /// (`../data/cifar-10-batches-bin`), else under the home folder as `~/…`, else as it is.
    public static func displayPath(_ folder: URL, workingDirectory: URL, home: URL?) -> String {
        let target = folder.standardizedFileURL.pathComponents
        let base = workingDirectory.standardizedFileURL.pathComponents
        let shared = zip(target, base).prefix { $0 == $1 }.count
        // Only a short climb reads better than the full path: within the same top folder.
        if shared > 1, base.count - shared <= 2 {
            let parts = Array(repeating: "..", count: base.count - shared) + target[shared...]
            return parts.isEmpty ? "." : parts.joined(separator: "/")
        }
        if let home {
            let homeParts = home.standardizedFileURL.pathComponents
            if homeParts.count > 1, target.starts(with: homeParts) {
                return (["~"] + target[homeParts.count...]).joined(separator: "/")
            }
        }
        return folder.standardizedFileURL.path
    }
}

import Crypto
import Foundation

/// The published MD5s of the official archive and of the files it extracts to.
public enum Checksums {
    public static let archiveURL = URL(string: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")!
    public static let archiveMD5 = "c32a1d4ab5d03f1284b67883e8d87530"
    public static let fileMD5s: [String: String] = [
        "data_batch_1.bin": "5dd7e06a14cb22eb9f671a540d1b7c25",
        "data_batch_2.bin": "5ea93a67294ea407fff1d09f752e9692",
        "data_batch_3.bin": "942cd6a4bcdd0dd3c604fbe906cb4421",
        "data_batch_4.bin": "ae636b3ba5c66a11e91e8cb52e771fcb",
        "data_batch_5.bin": "53f37980c15c3d472c316c40844f3f0d",
        "test_batch.bin": "803d5f7f4d78ea53de84dbe85f74fb6d",
    ]

    /// The MD5 of a file as lowercase hex, read in 1 MiB chunks.
    public static func md5(of url: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw CIFARError("\(url.path): cannot be opened to checksum it")
        }
        defer { try? handle.close() }
        var hasher = Insecure.MD5()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The MD5 of bytes in memory as lowercase hex.
    public static func md5(of data: Data) -> String {
        Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Throws naming the file unless its MD5 is `expected`.
    public static func verify(_ url: URL, md5 expected: String) throws {
        let actual = try md5(of: url)
        guard actual == expected else {
            throw CIFARError(
                "\(url.path): MD5 \(actual) does not match the published \(expected); the file is corrupt or "
                    + "altered: delete it and download again"
            )
        }
    }
}

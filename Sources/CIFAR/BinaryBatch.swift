import Foundation

/// Reading the official binary files (`data_batch_1.bin` … `test_batch.bin`): records of 3073
/// bytes, a label byte 0…9 then the 3072 pixel bytes.
public enum BinaryBatch {
    public static func read(_ url: URL, classCount: Int = 10) throws -> ImageSet {
        try readWithMD5(url, classCount: classCount).images
    }

    /// The images and the MD5 of the file's bytes, from one read.
    static func readWithMD5(_ url: URL, classCount: Int = 10) throws -> (images: ImageSet, md5: String) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CIFARError("\(url.path): cannot be read (\(error.localizedDescription)); \(CIFARError.howToPoint)")
        }
        return (try parse(data, file: url.path, classCount: classCount), Checksums.md5(of: data))
    }

    public static func parse(_ data: Data, file: String, classCount: Int = 10) throws -> ImageSet {
        let record = ImageSet.bytesPerRecord
        guard !data.isEmpty, data.count % record == 0 else {
            throw CIFARError(
                "\(file): \(data.count) bytes is not a whole number of 3073-byte records (a full batch is "
                    + "30,730,000 bytes); the file is truncated or not CIFAR-10 binary: re-download it"
            )
        }
        let count = data.count / record
        var labels = [UInt8](repeating: 0, count: count)
        var pixels = [UInt8](repeating: 0, count: count * ImageSet.bytesPerImage)
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for i in 0..<count {
                let label = raw[i * record]
                guard Int(label) < classCount else {
                    throw CIFARError(
                        "\(file): record \(i) has label \(label), but labels run 0…\(classCount - 1); the file "
                            + "is corrupt or not CIFAR-10: re-download it"
                    )
                }
                labels[i] = label
                pixels.withUnsafeMutableBytes { dst in
                    dst.baseAddress!.advanced(by: i * ImageSet.bytesPerImage)
                        .copyMemory(
                            from: raw.baseAddress!.advanced(by: i * record + 1), byteCount: ImageSet.bytesPerImage)
                }
            }
        }
        return ImageSet(pixels: pixels, labels: labels)
    }

    /// Writes images in the same format (for tests and for exporting subsets).
    public static func encode(_ set: ImageSet) -> Data {
        var data = Data(capacity: set.count * ImageSet.bytesPerRecord)
        for i in 0..<set.count {
            data.append(set.labels[i])
            data.append(contentsOf: set.image(i))
        }
        return data
    }
}

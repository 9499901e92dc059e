import CPNG
import Foundation

/// PNG files through libpng: any PNG in, 8-bit RGB out; RGB8 images out losslessly.
package enum PNG {
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// An image refused for its size, read from its header before any of it was decoded.
    package struct TooLarge: Error, CustomStringConvertible {
        package let width, height, limit: Int
        package let description: String
    }

    /// Decodes PNG bytes (8- or 16-bit, palette, grey, with or without alpha) to RGB8; alpha is
    /// dropped. An image of more than `maxPixels` pixels throws `TooLarge` before it is decoded:
    /// a few kilobytes of PNG can declare gigabytes of pixels.
    package static func decode(
        _ data: Data, source: String = "PNG data", maxPixels: Int = 16384 * 16384
    ) throws
        -> RGBImage
    {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: UInt32 = 0
        var height: UInt32 = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { raw in
            convlab_png_decode_rgb8(
                raw.bindMemory(to: UInt8.self).baseAddress, data.count, maxPixels, &pixels, &width, &height, &error)
        }
        if status == 2 {
            throw TooLarge(
                width: Int(width), height: Int(height), limit: maxPixels, description: "\(source): \(message(error))")
        }
        guard status == 0, let pixels else {
            throw Failure(description: "\(source): cannot read it as PNG: \(message(error))")
        }
        defer { free(pixels) }
        let count = Int(width) * Int(height) * 3
        return RGBImage(
            width: Int(width), height: Int(height), pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    package static func read(_ url: URL) throws -> RGBImage {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Failure(description: "\(url.path): cannot be read (\(error.localizedDescription))")
        }
        return try decode(data, source: url.path)
    }

    package static func encode(_ image: RGBImage) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = image.pixels.withUnsafeBufferPointer {
            convlab_png_encode_rgb8($0.baseAddress, UInt32(image.width), UInt32(image.height), &out, &size, &error)
        }
        guard status == 0, let out else { throw Failure(description: "cannot encode PNG: \(message(error))") }
        defer { free(out) }
        return Data(bytes: out, count: size)
    }

    /// The NUL-terminated message libpng left in `buffer`.
    static func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes atomically.
    package static func write(_ image: RGBImage, to url: URL) throws {
        try encode(image).write(to: url, options: .atomic)
    }
}

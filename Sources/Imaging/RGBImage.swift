/// A small RGB image, 8 bits per channel, pixels row by row as R, G, B.
package struct RGBImage: Equatable, Sendable {
    package let width: Int
    package let height: Int
    package var pixels: [UInt8]

    package init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "\(pixels.count) bytes for a \(width)×\(height) RGB image")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// From planar bytes (all R, then all G, then all B), as CIFAR stores them.
    package init(planar: some Collection<UInt8>, width: Int, height: Int) {
        let bytes = Array(planar)
        let plane = width * height
        var pixels = [UInt8](repeating: 0, count: plane * 3)
        for p in 0..<plane { for c in 0..<3 { pixels[p * 3 + c] = bytes[c * plane + p] } }
        self.init(width: width, height: height, pixels: pixels)
    }
}

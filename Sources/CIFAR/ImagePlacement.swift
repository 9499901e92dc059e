/// Where an image lands in its batch: shifted by (dy, dx) pixels, then mirrored left to right
/// when `flip`. Where it moved away there are zeros (a crop of the zero-padded image), or with
/// `reflects` the image mirrored at its edge without repeating it (a crop of the reflect-padded
/// image, PyTorch's `F.pad(mode='reflect')`: …, x₂, x₁ | x₀, x₁, x₂, …).
public struct ImagePlacement: Sendable, Equatable {
    public var dy: Int
    public var dx: Int
    public var flip: Bool
    public var reflects: Bool

    public init(dy: Int, dx: Int, flip: Bool, reflects: Bool = false) {
        (self.dy, self.dx, self.flip, self.reflects) = (dy, dx, flip, reflects)
    }

    public static let identity = ImagePlacement(dy: 0, dx: 0, flip: false)

    /// The source row or column for `i` along an axis of `n` pixels; nil where that is padding
    /// of zeros.
    @inline(__always) func source(_ i: Int, along n: Int) -> Int? {
        if i >= 0 && i < n { return i }
        guard reflects else { return nil }
        let reflected = i < 0 ? -i : 2 * (n - 1) - i
        return reflected >= 0 && reflected < n ? reflected : nil
    }
}

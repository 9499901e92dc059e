/// Where an image lands in its batch: shifted by (dy, dx) pixels with zeros where it moved away
/// (a crop of the zero-padded image), then mirrored left to right when `flip`.
public struct ImagePlacement: Sendable, Equatable {
    public var dy: Int
    public var dx: Int
    public var flip: Bool

    public init(dy: Int, dx: Int, flip: Bool) {
        (self.dy, self.dx, self.flip) = (dy, dx, flip)
    }

    public static let identity = ImagePlacement(dy: 0, dx: 0, flip: false)
}

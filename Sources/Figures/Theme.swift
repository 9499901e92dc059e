/// The one look of every figure: font, sizes, margins, palette.
public struct Theme: Sendable {
    public var fontFamily = "DejaVu Sans"
    public var titleSize = 13.0
    public var labelSize = 11.0
    public var tickSize = 9.5
    public var annotationSize = 8.5
    public var margin = 12.0
    public var lineWidth = 1.8
    public var axisColor = Color(hex: 0x333333)
    public var gridColor = Color(hex: 0xE3E3E3)
    public var textColor = Color(hex: 0x222222)
    public var mutedText = Color(hex: 0x666666)
    public var background = Color.white
    /// Okabe & Ito's colour-blind-safe palette (blue, orange, green, vermillion, sky, pink, yellow, black).
    public var palette: [Color] = [0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9, 0xCC79A7, 0xF0E442, 0x000000].map {
        Color(hex: $0)
    }
    /// R, G and B channels, for per-channel plots.
    public var channels: [Color] = [Color(hex: 0xD55E00), Color(hex: 0x009E73), Color(hex: 0x0072B2)]

    public init() {}

    public static let standard = Theme()

    public func color(_ index: Int) -> Color { palette[index % palette.count] }
}

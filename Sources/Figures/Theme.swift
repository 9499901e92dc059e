/// The one look of every figure: font, sizes, margins, palette.
package struct Theme: Sendable {
    package var fontFamily = "DejaVu Sans"
    package var titleSize = 13.0
    package var labelSize = 11.0
    package var tickSize = 9.5
    package var annotationSize = 8.5
    package var margin = 12.0
    package var lineWidth = 1.8
    package var axisColor = Color(hex: 0x333333)
    package var gridColor = Color(hex: 0xE3E3E3)
    package var textColor = Color(hex: 0x222222)
    package var mutedText = Color(hex: 0x666666)
    package var background = Color.white
    /// Okabe & Ito's colour-blind-safe palette (blue, orange, green, vermillion, sky, pink, yellow, black).
    package var palette: [Color] = [0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9, 0xCC79A7, 0xF0E442, 0x000000].map
    {
        Color(hex: $0)
    }
    /// R, G and B channels, for per-channel plots.
    package var channels: [Color] = [Color(hex: 0xD55E00), Color(hex: 0x009E73), Color(hex: 0x0072B2)]

    package init() {}

    package static let standard = Theme()

    package func color(_ index: Int) -> Color { palette[index % palette.count] }
}

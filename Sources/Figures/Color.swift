/// An sRGB colour with components in [0, 1].
package struct Color: Equatable, Sendable {
    package var red, green, blue, alpha: Double

    package init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// From a 0xRRGGBB literal.
    package init(hex: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    package func withAlpha(_ alpha: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: alpha) }

    package func mixed(with other: Color, _ t: Double) -> Color {
        Color(
            red: red + (other.red - red) * t, green: green + (other.green - green) * t,
            blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    /// The components as bytes, for RGB images.
    package var redByte: UInt8 { Self.byte(red) }
    package var greenByte: UInt8 { Self.byte(green) }
    package var blueByte: UInt8 { Self.byte(blue) }
    static func byte(_ v: Double) -> UInt8 { UInt8((min(max(v, 0), 1) * 255).rounded()) }

    /// Relative luminance, to choose dark or light text over a fill.
    package var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }

    package static let black = Color(hex: 0x000000)
    package static let white = Color(hex: 0xFFFFFF)
}

/// A sequential colour map: viridis (perceptually uniform, colour-blind safe, prints in grey),
/// interpolated between nine of its published anchor colours.
package enum ColorMap {
    static let viridis: [Color] = [
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
    ]
    .map { Color(hex: $0) }

    /// The colour for `t` in [0, 1] (clamped).
    package static func viridis(_ t: Double) -> Color {
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(viridis.count - 1)
        let i = min(Int(x), viridis.count - 2)
        return viridis[i].mixed(with: viridis[i + 1], x - Double(i))
    }
}

package struct Point: Equatable, Sendable {
    package var x, y: Double
    package init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

package struct Rect: Equatable, Sendable {
    package var x, y, width, height: Double
    package init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    package var maxX: Double { x + width }
    package var maxY: Double { y + height }
    package var center: Point { Point(x: x + width / 2, y: y + height / 2) }

    package func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    package func inset(top: Double = 0, left: Double = 0, bottom: Double = 0, right: Double = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    package func contains(_ other: Rect) -> Bool {
        other.x >= x - 0.5 && other.y >= y - 0.5 && other.maxX <= maxX + 0.5 && other.maxY <= maxY + 0.5
    }

    /// Splits horizontally into `count` equal columns separated by `gap`.
    package func columns(_ count: Int, gap: Double) -> [Rect] {
        let w = (width - gap * Double(count - 1)) / Double(count)
        return (0..<count).map { Rect(x: x + Double($0) * (w + gap), y: y, width: w, height: height) }
    }
}

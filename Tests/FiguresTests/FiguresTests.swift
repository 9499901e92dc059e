import Foundation
import Imaging
import Testing

@testable import Figures

@Suite struct TickTests {
    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(Ticks.step(for: 1, target: 5) == 0.2)
        #expect(Ticks.step(for: 10, target: 5) == 2)
        #expect(Ticks.step(for: 0.07, target: 5) == 0.01)
        #expect(Ticks.step(for: 3300, target: 5) == 500)
    }

    @Test func rangesWidenToWholeSteps() {
        let t = Ticks.nice(0.31, 0.72, target: 5)
        #expect(t.low == 0.3 && abs(t.high - 0.8) < 1e-12)
        #expect(Ticks.labels(t.ticks) == ["0.3", "0.4", "0.5", "0.6", "0.7", "0.8"])
        #expect(Ticks.labels(Ticks.nice(0, 50_000).ticks).last == "50,000")
        #expect(Ticks.nice(2, 2).ticks.count > 1, "a flat series still gets an axis")
    }
}

@Suite struct DrawingTests {
    let red = Color(red: 1, green: 0, blue: 0)

    @Test func aLineCoversThePixelsItPassesThrough() {
        let canvas = Canvas(width: 100, height: 60)
        canvas.line([Point(x: 10, y: 30), Point(x: 90, y: 30)], red, width: 4)
        #expect(canvas.pixel(at: Point(x: 50, y: 30)) == (255, 0, 0, 255))
        #expect(canvas.pixel(at: Point(x: 50, y: 40)) == (255, 255, 255, 255))
        #expect(canvas.pixelWidth == 200 && canvas.pixelHeight == 120, "2× by default")
    }

    @Test func aLineChartPutsADataPointWhereTheScaleSays() {
        // One flat series at y = 0.5 on a fixed 0…1 axis: the line crosses the middle of the plot.
        let canvas = Canvas(width: 300, height: 200)
        let chart = LineChart(
            series: [
                .init(name: "s", points: [Point(x: 0, y: 0.5), Point(x: 10, y: 0.5)], color: red, markers: false)
            ],
            yRange: (0, 1))
        chart.draw(on: canvas, in: Rect(x: 0, y: 0, width: 300, height: 200))
        let column = (0..<400).map { canvas.pixel(at: Point(x: 200, y: Double($0) / 2)) }
        let redRows = column.indices.filter { column[$0].red > 200 && column[$0].green < 80 }
        // Gridlines at 1.0, 0.8, 0.6, 0.4, 0.2 (0 is under the axis): y = 0.5 lies midway between 0.6 and 0.4.
        var gridlines: [[Int]] = []
        for row in column.indices
        where column[row].red == column[row].green && column[row].green == column[row].blue
            && (200..<250).contains(column[row].red)
        {
            if let last = gridlines.last?.last, row - last <= 2 {
                gridlines[gridlines.count - 1].append(row)
            } else {
                gridlines.append([row])
            }
        }
        #expect(gridlines.count == 5)
        #expect(!redRows.isEmpty)
        if gridlines.count == 5, !redRows.isEmpty {
            let centre = { (rows: [Int]) in Double(rows.first! + rows.last!) / 2 }
            #expect(abs(centre(redRows) - (centre(gridlines[2]) + centre(gridlines[3])) / 2) < 2)
        }
    }

    @Test func heatmapCellsHaveTheColourMapColourOfTheirValue() {
        let canvas = Canvas(width: 300, height: 300)
        let map = Heatmap(values: [[0, 1], [2, 3]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])
        let frame = Rect(x: 0, y: 0, width: 300, height: 300)
        map.draw(on: canvas, in: frame)
        for (r, c, v) in [(0, 0, 0.0), (1, 1, 3.0), (0, 1, 1.0)] {
            let pixel = canvas.pixel(at: map.cellRect(row: r, column: c, on: canvas, in: frame).center)
            let expected = ColorMap.viridis(v / 3)
            #expect(abs(Double(pixel.red) - expected.red * 255) <= 2)
            #expect(abs(Double(pixel.green) - expected.green * 255) <= 2)
            #expect(abs(Double(pixel.blue) - expected.blue * 255) <= 2)
        }
        #expect(ColorMap.viridis(0) == Color(hex: 0x440154) && ColorMap.viridis(1) == Color(hex: 0xFDE725))
    }

    @Test func scatterPointsSitWhereTheScaleSaysAndLabelsDoNotCollide() {
        let canvas = Canvas(width: 400, height: 300)
        let frame = Rect(x: 0, y: 0, width: 400, height: 300)
        let red = Color(hex: 0xFF0000)
        let blue = Color(hex: 0x0000FF)
        // Two points at the same place: their labels must still go to different places.
        let chart = ScatterChart(
            xLabel: "x", yLabel: "y",
            points: [
                .init(x: 1, y: 1, error: 0.5, label: "first", color: red),
                .init(x: 1, y: 1, label: "second", color: blue),
                .init(x: 3, y: 2, label: "third", color: red),
            ])
        chart.draw(on: canvas, in: frame)
        let at = chart.positions(on: canvas, in: frame)
        #expect(canvas.pixel(at: at[2]) == (255, 0, 0, 255))
        #expect(canvas.pixel(at: at[0]) == (0, 0, 255, 255))  // drawn last on top
        #expect(at[2].x > at[0].x && at[2].y < at[0].y)
        let labels = chart.labelRects(on: canvas, axes: chart.axes(on: canvas, in: frame)).map(\.1)
        #expect(
            !labels[0].intersects(labels[1]) && !labels[1].intersects(labels[2]) && !labels[0].intersects(labels[2]))
    }

    @Test func fieldMapCellsTakeTheirViridisColourInsideTheBox() {
        let canvas = Canvas(width: 200, height: 200)
        let frame = Rect(x: 0, y: 0, width: 200, height: 200)
        var values = [Double](repeating: 0, count: 16)
        values[5] = 1  // row 1, column 1
        let map = FieldMap(values: values, width: 4, height: 4, box: (1, 1, 2, 2))
        map.draw(on: canvas, in: frame)
        let field = map.fieldRect(on: canvas, in: frame)
        let cell = field.width / 4
        func centre(_ r: Int, _ c: Int) -> Point {
            Point(x: field.x + (Double(c) + 0.5) * cell, y: field.y + (Double(r) + 0.5) * cell)
        }
        #expect(canvas.pixel(at: centre(1, 1)) == (0xFD, 0xE7, 0x25, 255))
        #expect(canvas.pixel(at: centre(3, 3)) == (0x44, 0x01, 0x54, 255))
        #expect(canvas.pixel(at: Point(x: field.x + cell, y: centre(2, 2).y)) == (255, 255, 255, 255))  // the box's left edge
    }

    @Test func imageGridTilesRepeatTheSourcePixelsSharply() {
        // A 2×2 image: red, green / blue, white — each source pixel becomes a 24-point block.
        let image = RGBImage(width: 2, height: 2, pixels: [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
        let grid = ImageGrid(rows: [.init(label: "row", images: [image])], tile: 48)
        let probe = Canvas(width: 10, height: 10)
        let size = grid.size(on: probe)
        let canvas = Canvas(width: size.width, height: size.height)
        grid.draw(on: canvas)
        let tile = grid.tileRect(row: 0, column: 0, on: canvas, origin: Point(x: 0, y: 0))
        let quarter = tile.width / 4
        #expect(canvas.pixel(at: Point(x: tile.x + quarter, y: tile.y + quarter)) == (255, 0, 0, 255))
        #expect(canvas.pixel(at: Point(x: tile.x + 3 * quarter, y: tile.y + quarter)) == (0, 255, 0, 255))
        #expect(canvas.pixel(at: Point(x: tile.x + quarter, y: tile.y + 3 * quarter)) == (0, 0, 255, 255))
        // Nearest-neighbour: just either side of the boundary, pure colours, no blend.
        #expect(canvas.pixel(at: Point(x: tile.x + 2 * quarter - 0.6, y: tile.y + quarter)) == (255, 0, 0, 255))
        #expect(canvas.pixel(at: Point(x: tile.x + 2 * quarter + 0.6, y: tile.y + quarter)) == (0, 255, 0, 255))
    }

    @Test func textStaysInsideTheCanvas() {
        let canvas = Canvas(width: 200, height: 100)
        let bounds = canvas.text("accuracy", at: Point(x: 100, y: 50), size: 12, anchor: .middle, baseline: .middle)
        #expect(Rect(x: 0, y: 0, width: 200, height: 100).contains(bounds))
        #expect(bounds.width > 30 && bounds.width < 80)
        // Something dark was drawn at the text's centre row.
        let dark = (Int(bounds.x)..<Int(bounds.maxX)).contains {
            canvas.pixel(at: Point(x: Double($0), y: 50)).red < 128
        }
        #expect(dark)
    }

    @Test func filterTilesAreNormalisedPerFilterOrShared() {
        // Two 1×1 RGB filters: (0, 1, 2) and (0, 10, 20).
        let own = FilterGrid(weights: [0, 1, 2, 0, 10, 20], filters: 2, kernelSize: 1, channels: 3).tiles()
        #expect(own.map(\.pixels) == [[0, 128, 255], [0, 128, 255]])
        let shared = FilterGrid(
            weights: [0, 1, 2, 0, 10, 20], filters: 2, kernelSize: 1, channels: 3, normalization: .shared
        ).tiles()
        #expect(shared.map(\.pixels) == [[0, 13, 26], [0, 128, 255]])
    }

    @Test func saveWritesAPNGAtomically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("f.png")
        try Canvas(width: 20, height: 10).save(to: url)
        try Canvas(width: 30, height: 10).save(to: url)  // replaces
        let bytes = try Data(contentsOf: url)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(bytes[16..<20] == Data([0, 0, 0, 60]), "IHDR width 60 px")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["f.png"])
    }
}

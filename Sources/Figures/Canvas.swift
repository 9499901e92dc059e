import CCairo
import Foundation

#if canImport(Glibc)
import Glibc
import Imaging
#endif

/// A drawing surface in points over a Cairo ARGB image surface of `scale` pixels per point
/// (2× by default, crisp on high-density screens and in print).
package final class Canvas {
    package let width: Double
    package let height: Double
    package let scale: Double
    package let theme: Theme
    private let surface: OpaquePointer
    let context: OpaquePointer

    package init(width: Double, height: Double, scale: Double = 2, theme: Theme = .standard) {
        self.width = width
        self.height = height
        self.scale = scale
        self.theme = theme
        surface = cairo_image_surface_create(
            CAIRO_FORMAT_ARGB32, Int32((width * scale).rounded()), Int32((height * scale).rounded()))
        context = cairo_create(surface)
        cairo_scale(context, scale, scale)
        fill(Rect(x: 0, y: 0, width: width, height: height), theme.background)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    package var pixelWidth: Int { Int(cairo_image_surface_get_width(surface)) }
    package var pixelHeight: Int { Int(cairo_image_surface_get_height(surface)) }

    // MARK: Shapes

    package func fill(_ rect: Rect, _ color: Color) {
        setColor(color)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(context)
    }

    package func strokeRect(_ rect: Rect, _ color: Color, width: Double = 1) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(context)
    }

    package func line(_ points: [Point], _ color: Color, width: Double, dash: [Double] = []) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        cairo_set_dash(context, dash, Int32(dash.count), 0)
        cairo_move_to(context, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(context, p.x, p.y) }
        cairo_stroke(context)
        cairo_set_dash(context, nil, 0, 0)
    }

    package func circle(_ center: Point, radius: Double, fill: Color, stroke: Color? = nil) {
        setColor(fill)
        cairo_arc(context, center.x, center.y, radius, 0, 2 * .pi)
        if let stroke {
            cairo_fill_preserve(context)
            setColor(stroke)
            cairo_set_line_width(context, 1)
            cairo_stroke(context)
        } else {
            cairo_fill(context)
        }
    }

    // MARK: Text

    package enum Anchor: Sendable { case start, middle, end }
    package enum Baseline: Sendable { case top, middle, bottom }

    package func textSize(_ text: String, size: Double, bold: Bool = false) -> (width: Double, height: Double) {
        setFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return (extents.x_advance, size)
    }

    /// Draws `text` anchored at `point`; `rotation` in radians (−π/2 for a vertical axis label).
    /// Returns the bounds it covers (unrotated), for layout and for tests.
    @discardableResult
    package func text(
        _ text: String, at point: Point, size: Double, color: Color? = nil, bold: Bool = false,
        anchor: Anchor = .start, baseline: Baseline = .bottom, rotation: Double = 0
    ) -> Rect {
        setFont(size: size, bold: bold)
        var font = cairo_font_extents_t()
        cairo_font_extents(context, &font)
        let w = textSize(text, size: size, bold: bold).width
        let dx: Double = anchor == .start ? 0 : anchor == .middle ? -w / 2 : -w
        let ascent = font.ascent
        let descent = font.descent
        let dy: Double = baseline == .bottom ? -descent : baseline == .top ? ascent : (ascent - descent) / 2
        cairo_save(context)
        cairo_translate(context, point.x, point.y)
        cairo_rotate(context, rotation)
        setColor(color ?? theme.textColor)
        cairo_move_to(context, dx, dy)
        cairo_show_text(context, text)
        cairo_restore(context)
        return Rect(x: point.x + dx, y: point.y + dy - ascent, width: w, height: ascent + descent)
    }

    // MARK: Images

    /// Draws an RGB image into `rect`, scaled with nearest-neighbour so that pixels stay square.
    package func image(_ image: RGBImage, in rect: Rect) {
        let source = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height))!
        defer { cairo_surface_destroy(source) }
        cairo_surface_flush(source)
        let stride = Int(cairo_image_surface_get_stride(source))
        let data = cairo_image_surface_get_data(source)!
        for y in 0..<image.height {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<image.width {
                let p = (y * image.width + x) * 3
                row[x] = UInt32(image.pixels[p]) << 16 | UInt32(image.pixels[p + 1]) << 8 | UInt32(image.pixels[p + 2])
            }
        }
        cairo_surface_mark_dirty(source)
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(context, source, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_paint(context)
        cairo_restore(context)
    }

    // MARK: Output

    /// Writes the canvas as PNG, atomically (a temporary file beside `url`, then renamed).
    package func save(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try pngData().write(to: url, options: .atomic)
    }

    /// The canvas as PNG bytes, encoded in memory: writing them is the caller's (a failed write
    /// then reports the system's reason, which Cairo's own file writer does not).
    package func pngData() throws -> Data {
        cairo_surface_flush(surface)
        var data = Data()
        let status = withUnsafeMutablePointer(to: &data) { target in
            cairo_surface_write_to_png_stream(
                surface,
                { target, bytes, length in
                    guard let target, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                    target.assumingMemoryBound(to: Data.self).pointee.append(bytes, count: Int(length))
                    return CAIRO_STATUS_SUCCESS
                }, target)
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw FigureError("cannot encode the figure as PNG (\(String(cString: cairo_status_to_string(status))))")
        }
        return data
    }

    /// The colour of the device pixel under point (x, y), un-premultiplied: for tests.
    package func pixel(at point: Point) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        cairo_surface_flush(surface)
        let px = min(max(Int(point.x * scale), 0), pixelWidth - 1)
        let py = min(max(Int(point.y * scale), 0), pixelHeight - 1)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let value = UnsafeRawPointer(cairo_image_surface_get_data(surface)! + py * stride).load(
            fromByteOffset: px * 4, as: UInt32.self)
        let a = UInt8(value >> 24)
        func channel(_ shift: UInt32) -> UInt8 {
            let c = UInt32((value >> shift) & 0xFF)
            return a == 0 ? 0 : UInt8(min(255, (c * 255 + UInt32(a) / 2) / UInt32(a)))
        }
        return (channel(16), channel(8), channel(0), a)
    }

    // MARK: State

    func setColor(_ c: Color) { cairo_set_source_rgba(context, c.red, c.green, c.blue, c.alpha) }

    func setFont(size: Double, bold: Bool) {
        cairo_select_font_face(
            context, theme.fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL
        )
        cairo_set_font_size(context, size)
    }

    func clip(_ rect: Rect, _ body: () -> Void) {
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        body()
        cairo_restore(context)
    }
}

package struct FigureError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

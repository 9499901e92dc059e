import Foundation

/// One HTML page from the document model, with a table of contents and a stylesheet, and
/// figures as relative links — or, with `embed`, as data URIs so the page is a single file.
package enum HTMLRenderer {
    /// `base`: the folder image paths are relative to; when given, each image gets its size in
    /// points (half its 2× pixel width) so figure text keeps its size on screen, and with
    /// `embed` the image itself moves into the page as a data URI. `locate` says where an image's
    /// bytes are while it is not yet in its place (written under another name, to be renamed).
    package static func render(
        _ document: Document, imagesRelativeTo base: URL? = nil, embed: Bool = false,
        locate: @escaping (URL) -> URL = { $0 }
    ) throws -> String {
        let images = ImageSource(base: base, embed: embed, locate: locate)
        let body = try document.sections.map { try render($0, level: 2, images: images) + "\n" }.joined()
        let toc = document.sections.map { s in
            "<li><a href=\"#\(s.anchor)\">\(escape(s.title))</a>"
                + (s.subsections.isEmpty
                    ? ""
                    : "<ul>"
                        + s.subsections.map { "<li><a href=\"#\($0.anchor)\">\(escape($0.title))</a></li>" }.joined()
                        + "</ul>") + "</li>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title))</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <nav class="toc"><p class="toc-title">Contents</p><ol>
            \(toc)
            </ol></nav>
            <main>
            <h1>\(escape(document.title))</h1>
            \(document.subtitle.map { "<p class=\"subtitle\">\(escape($0))</p>" } ?? "")
            \(body)
            </main>
            </body>
            </html>

            """
    }

    static func render(_ section: Section, level: Int, images: ImageSource) throws -> String {
        "<h\(level) id=\"\(section.anchor)\">\(InlineMarkdown.html(section.title))</h\(level)>"
            + (try section.blocks.map { try render($0, images: images) }.joined())
            + (try section.subsections.map { try render($0, level: level + 1, images: images) }.joined())
    }

    static func render(_ block: Block, images: ImageSource) throws -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(InlineMarkdown.html(text))</p>"
        case .bullets(let items):
            return "<ul>" + items.map { "<li>\(InlineMarkdown.html($0))</li>" }.joined() + "</ul>"
        case .table(let table):
            func cells(_ row: [String], _ tag: String) -> String {
                "<tr>"
                    + zip(row, table.alignments).map { text, alignment in
                        "<\(tag)\(alignment == .right ? " align=\"right\"" : "")>\(InlineMarkdown.html(text))</\(tag)>"
                    }.joined() + "</tr>"
            }
            return "<table><thead>" + cells(table.header, "th") + "</thead><tbody>"
                + table.rows.map { cells($0, "td") }.joined() + "</tbody></table>"
        case .figure(let path, let caption):
            return "<img \(try images.attributes(path)) alt=\"\(caption)\"/>"
                + "<p><em>\(InlineMarkdown.html(caption))</em></p>"
        case .callout(let text):
            return "<blockquote><p>\(InlineMarkdown.html(text))</p></blockquote>"
        case .code(let text):
            return "<pre><code>\(escape(text))\n</code></pre>"
        }
    }

    /// Where a figure's image comes from: its relative path, or its bytes embedded.
    struct ImageSource {
        let base: URL?
        let embed: Bool
        let locate: (URL) -> URL

        /// `src="…"`, and ` width="N"` for a 2× PNG shown at its size in points (none without a
        /// base or for another format); the file is read once for both.
        func attributes(_ path: String) throws -> String {
            guard let data = try read(path) else { return "src=\"\(path)\"" }
            let source = embed ? "data:image/png;base64," + data.base64EncodedString() : path
            return "src=\"\(source)\"" + (pngWidth(data).map { " width=\"\($0 / 2)\"" } ?? "")
        }

        private func read(_ path: String) throws -> Data? {
            guard let base, path.hasSuffix(".png") else { return nil }
            return try Data(contentsOf: locate(base.appendingPathComponent(path).standardizedFileURL))
        }
    }

    /// The width in the PNG's IHDR chunk (bytes 16–19, big-endian).
    static func pngWidth(_ data: Data) -> Int? {
        guard data.count >= 24, data.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) else { return nil }
        return data[16..<20].reduce(0) { $0 << 8 | Int($1) }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
    static let stylesheet = """
        :root { --text: #1f2328; --muted: #59636e; --rule: #d1d9e0; --accent: #0072B2; --soft: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--text); background: #fff; font: 16px/1.6 "DejaVu Sans", -apple-system, "Segoe \
        UI", Helvetica, Arial, sans-serif; }
        main { max-width: 68rem; margin: 0 auto; padding: 2rem 2rem 4rem 17rem; }
        nav.toc { position: fixed; top: 0; left: 0; width: 15rem; height: 100vh; overflow-y: auto; padding: 2rem 1rem; \
        border-right: 1px solid var(--rule); background: var(--soft); font-size: 0.9rem; }
        nav.toc ol { padding-left: 1.2rem; margin: 0; } nav.toc ul { padding-left: 1rem; }
        nav.toc a { color: var(--text); text-decoration: none; } nav.toc a:hover { color: var(--accent); }
        .toc-title { font-weight: bold; margin-top: 0; }
        h1 { font-size: 2rem; margin-bottom: 0.2rem; } .subtitle { color: var(--muted); margin-top: 0; }
        h2 { margin-top: 2.5rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--rule); }
        h3 { margin-top: 1.8rem; }
        img { max-width: 100%; height: auto; display: block; margin: 1rem auto 0.3rem; }
        p > em:only-child { display: block; text-align: center; color: var(--muted); font-size: 0.9rem; margin-bottom: \
        1.2rem; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid var(--rule); padding: 0.35rem 0.7rem; } th { background: var(--soft); }
        td:not(:first-child) { text-align: right; }
        blockquote { margin: 1rem 0; padding: 0.6rem 1rem; border-left: 4px solid var(--accent); background: #eef6fb; }
        blockquote p { margin: 0; }
        code { background: var(--soft); padding: 0.1rem 0.3rem; border-radius: 4px; font-size: 0.88em; }
        pre { background: var(--soft); padding: 0.8rem 1rem; overflow-x: auto; border-radius: 6px; }
        pre code { background: none; padding: 0; }
        @media (max-width: 60rem) { nav.toc { position: static; width: auto; height: auto; border-right: none; } main \
        { padding: 1.5rem; } }
        """
}

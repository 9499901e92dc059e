import Foundation

/// A literate report as data: sections of prose, tables and figures, rendered to Markdown
/// (`MarkdownRenderer`) and HTML (`HTMLRenderer`). Prose is Markdown inline text: `**strong**`,
/// `*emphasis*`, `` `code` `` and `[links](url)`. Knows nothing of what the report is about.
package struct Document: Sendable, Equatable {
    package var title: String
    package var subtitle: String?
    package var sections: [Section]

    package init(title: String, subtitle: String? = nil, sections: [Section]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }
}

package struct Section: Sendable, Equatable {
    package var title: String
    package var blocks: [Block]
    package var subsections: [Section]

    package init(_ title: String, _ blocks: [Block] = [], subsections: [Section] = []) {
        self.title = title
        self.blocks = blocks
        self.subsections = subsections
    }

    /// The anchor GitHub and the HTML page give this heading.
    package var anchor: String { Self.slug(title) }

    static func slug(_ title: String) -> String {
        let kept = title.lowercased().unicodeScalars.filter { CharacterSet.slugCharacters.contains($0) }
        return String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-")
    }
}

package enum Block: Sendable, Equatable {
    /// Markdown inline text (emphasis, code, links).
    case paragraph(String)
    case bullets([String])
    case table(Table)
    /// An image path relative to the report, with a caption.
    case figure(path: String, caption: String)
    /// A highlighted note.
    case callout(String)
    case code(String)
}

package struct Table: Sendable, Equatable {
    package enum Alignment: Sendable { case left, right }
    package var header: [String]
    package var rows: [[String]]
    package var alignments: [Alignment]

    package init(header: [String], rows: [[String]], alignments: [Alignment]? = nil) {
        self.header = header
        self.rows = rows
        self.alignments = alignments ?? header.indices.map { $0 == 0 ? .left : .right }
    }
}

extension CharacterSet {
    static let slugCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "- _"))
}

/// GitHub-flavoured Markdown.
package enum MarkdownRenderer {
    package static func render(_ document: Document) -> String {
        var out = "# \(document.title)\n\n"
        if let subtitle = document.subtitle { out += "_\(subtitle)_\n\n" }
        out += "## Contents\n\n"
        for (i, section) in document.sections.enumerated() {
            out += "\(i + 1). [\(section.title)](#\(section.anchor))\n"
        }
        out += "\n"
        for section in document.sections { out += render(section, level: 2) }
        return out
    }

    static func render(_ section: Section, level: Int) -> String {
        var out = String(repeating: "#", count: level) + " \(section.title)\n\n"
        for block in section.blocks { out += render(block) + "\n\n" }
        for sub in section.subsections { out += render(sub, level: level + 1) }
        return out
    }

    package static func render(_ block: Block) -> String {
        switch block {
        case .paragraph(let text):
            return text
        case .bullets(let items):
            return items.map { "- \($0)" }.joined(separator: "\n")
        case .table(let table):
            let header = "| " + table.header.map(escape).joined(separator: " | ") + " |"
            let rule = "|" + table.alignments.map { $0 == .left ? " --- |" : " ---: |" }.joined()
            let rows = table.rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
            return ([header, rule] + rows).joined(separator: "\n")
        case .figure(let path, let caption):
            return "![\(caption)](\(path))\n\n_\(caption)_"
        case .callout(let text):
            return "> \(text)"
        case .code(let text):
            return "```\n\(text)\n```"
        }
    }

    static func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
}

import DocumentKit
import Testing

/// Exact output of both renderers on a canned document.
@Suite struct RendererTests {
    let document = Document(
        title: "T", subtitle: "sub",
        sections: [
            Section(
                "First part",
                [
                    .paragraph("Some *text* with `code`."),
                    .table(Table(header: ["a", "b"], rows: [["x", "1"], ["y|z", "2"]])),
                    .figure(path: "../figures/f.png", caption: "A figure."),
                ]),
            Section("Second", [.callout("Note."), .bullets(["one", "two"])]),
        ])

    @Test func markdown() {
        #expect(
            MarkdownRenderer.render(document) == """
                # T

                _sub_

                ## Contents

                1. [First part](#first-part)
                2. [Second](#second)

                ## First part

                Some *text* with `code`.

                | a | b |
                | --- | ---: |
                | x | 1 |
                | y\\|z | 2 |

                ![A figure.](../figures/f.png)

                _A figure._

                ## Second

                > Note.

                - one
                - two


                """)
    }

    @Test func htmlHasAnchoredHeadingsTableOfContentsAndInkMarkup() throws {
        let html = try HTMLRenderer.render(document)
        #expect(html.contains("<h2 id=\"first-part\">First part</h2>"))
        #expect(html.contains("<li><a href=\"#second\">Second</a></li>"))
        #expect(html.contains("<em>text</em>") && html.contains("<code>code</code>"))
        #expect(html.contains("<img src=\"../figures/f.png\" alt=\"A figure.\"/>"))
        #expect(html.contains("<table>") && html.contains("<li>two</li>") && html.contains("<blockquote>"))
        #expect(!html.contains("http"), "no external resources: works offline")
    }
}

import Foundation
import Plot
import Testing

@testable import App

@Suite("Views escape by default: one escape, text shown as given, raw HTML only where Podpora made it")
struct ViewEscapingTests {
  @Test("a text node shows markup, entities and ampersands exactly as given")
  func textEscapesByDefault() {
    // Plot's own text node would keep `&lt;` as an entity and show `<`; the App's, which every view in the App
    // target uses (here through a form helper's hint), shows what was typed.
    let html = HTML(
      .body(.form(Forms.field(label: "L", name: "n", hint: #"a &lt; b <i>x</i> & "q" 'r'"#)))
    ).render()
    #expect(html.contains(#">a &amp;lt; b &lt;i&gt;x&lt;/i&gt; &amp; "q" 'r'</p>"#))
  }

  @Test("the one escape covers what can end an attribute or start markup, and keeps what a caller asks to")
  func oneEscape() {
    #expect(HTMLText.escape(#"<a href="x">&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
    #expect(HTMLText.attribute(#"" onclick="x"#) == "&quot; onclick=&quot;x")
    #expect(HTMLText.escape("> quote's", keeping: [">", "'"]) == "> quote's")
    // Markdown sources keep `>` (blockquotes) but no tag can start in them.
    #expect(MarkdownRenderer.escapeSource(#"> <b>"x"</b>"#) == "> &lt;b>&quot;x&quot;&lt;/b>")
  }

  @Test("an editor's select writes option labels and values escaped, through Plot's nodes")
  func editorOptions() {
    let html = HTML(
      .body(
        .form(
          EditorControls.select(
            label: "Program", name: "program", options: [(value: #"a"b"#, label: "<PL> & co")], selected: #"a"b"#)))
    )
    .render()
    #expect(html.contains(#"<option value="a&quot;b" selected>&lt;PL&gt; &amp; co</option>"#))
  }
}

import Foundation
import Testing

@testable import App

@Suite("Markdown: Ink with raw HTML escaped")
struct MarkdownTests {
  @Test(
    "raw HTML in an article is shown as text, never run",
    arguments: [
      "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=//evil></iframe>",
      "<a href=\"javascript:alert(1)\">x</a>", "<p onclick=alert(1)>x</p>", "<!-- <script>x</script> -->",
    ])
  func rawHTMLIsEscaped(source: String) {
    let html = MarkdownRenderer.html("Uvod.\n\n" + source + "\n\nKonec.")
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<iframe"))
    #expect(!html.contains("onclick=") || html.contains("&lt;p onclick"))
    #expect(!html.contains("href=\"javascript"))
    #expect(html.contains("&lt;"))
  }

  @Test("Markdown itself still works: emphasis, lists, headings, blockquotes, code, links")
  func markdownWorks() {
    let html = MarkdownRenderer.html(
      """
      ## Naslov

      Izberite **Obračun → Nov** in *preverite* podatke.

      1. Prvi korak
      2. Drugi korak

      > Opozorilo: zaključenega obračuna ni mogoče spreminjati.

      Koda `a < b && c` in [članek](/pomoc/clanek/obracun-plac) ter [FURS](https://www.fu.gov.si/?a=1&b=2).

      ```
      if a < b { print("&") }
      ```
      """)
    #expect(html.contains("<h2>Naslov</h2>"))
    #expect(html.contains("<strong>Obračun → Nov</strong>"))
    #expect(html.contains("<em>preverite</em>"))
    #expect(html.contains("<ol><li>Prvi korak</li><li>Drugi korak</li></ol>"))
    #expect(html.contains("<blockquote>"))
    #expect(html.contains("<code>a &lt; b &amp;&amp; c</code>"))
    #expect(html.contains(#"<a href="/pomoc/clanek/obracun-plac">članek</a>"#))
    #expect(html.contains(#"<a href="https://www.fu.gov.si/?a=1&amp;b=2">FURS</a>"#))
    #expect(html.contains("if a &lt; b { print(&quot;&amp;&quot;) }"))
  }

  @Test("links and images keep only safe schemes; quotes cannot leave the attribute")
  func unsafeURLs() {
    for source in [
      "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java\tscript:alert(1))", "[x](data:text/html,hi)",
      "![x](javascript:alert(1))", "[x](vbscript:msgbox)",
    ] {
      let html = MarkdownRenderer.html(source)
      #expect(!html.lowercased().contains("script:"), "\(source) → \(html)")
      #expect(!html.contains("data:"), "\(source) → \(html)")
    }
    let quoted = MarkdownRenderer.html(#"[x](https://a.si/" onmouseover="alert(1))"#)
    #expect(!quoted.contains(#"" onmouseover=""#))
    #expect(quoted.contains("&quot;"))
    #expect(MarkdownRenderer.html("[x](mailto:podpora@demo.si)").contains(#"href="mailto:podpora@demo.si""#))
  }

  @Test("entities typed by the author stay text: &amp; shows as &amp;, not as &")
  func entitiesStayText() {
    #expect(MarkdownRenderer.html("A &amp; B &lt;").contains("A &amp;amp; B &amp;lt;"))
    #expect(MarkdownRenderer.html("Tom & Jerry").contains("Tom &amp; Jerry"))
  }

  @Test("plain text of Markdown for snippets drops the markup")
  func plainText() {
    #expect(
      MarkdownPlainText.plain("## Naslov\n\n1. Izberite **Obračun** in [članek](/x).\n- točka\n> citat")
        == "Naslov Izberite Obračun in članek. točka citat")
  }
}

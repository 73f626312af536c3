import Testing

@testable import Mail

@Suite("HTML to text")
struct HTMLTextTests {
  @Test("Scripts, styles, head and comments are dropped")
  func dropped() {
    #expect(
      HTMLText.toText(
        "<html><head><title>T</title><style>b{}</style></head><body><script>x<y</script>vidno<!-- ne --></body></html>"
      ) == "vidno")
  }

  @Test("Block elements and <br> become line breaks; whitespace collapses")
  func blocks() {
    #expect(HTMLText.toText("<div>ena</div><div>dva</div>") == "ena\ndva")
    #expect(HTMLText.toText("<p>ena</p>\n\n<p>dva   tri\n štiri</p>") == "ena\n\ndva tri štiri")
    #expect(HTMLText.toText("a<br>b<br/><br />c") == "a\nb\n\nc")
    #expect(HTMLText.toText("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == "a b\nc")
    #expect(HTMLText.toText("<pre>  zamik\n    ostane</pre>") == "zamik\n    ostane")
  }

  @Test("Entities: named, numeric, hex, Slovenian carons, windows-1252 range, unknown kept")
  func entities() {
    #expect(HTMLText.toText("&scaron;&Scaron;&ccaron;&Ccaron;&zcaron;&Zcaron;") == "šŠčČžŽ")
    #expect(HTMLText.toText("&#269;&#x161;&#X17E;") == "čšž")
    #expect(HTMLText.toText("&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;") == "<a> & \"b\" 'c'")
    #expect(HTMLText.toText("&#150; &#128;") == "– €")
    #expect(HTMLText.toText("&nosuch; &amp &#xZZ;") == "&nosuch; &amp &#xZZ;")
    // As browsers do: NUL, surrogates and values past U+10FFFF are replaced.
    #expect(HTMLText.toText("&#0;&#xD800;&#99999999;") == "\u{FFFD}\u{FFFD}\u{FFFD}")
  }

  @Test("Links keep their text and show the address when it differs")
  func links() {
    #expect(HTMLText.toText("<a href=\"https://podpora.si\">Podpora</a>") == "Podpora (https://podpora.si)")
    #expect(HTMLText.toText("<a href='https://podpora.si'>https://podpora.si</a>") == "https://podpora.si")
    #expect(HTMLText.toText("<a href=\"mailto:a@b.si\">a@b.si</a>") == "a@b.si")
    #expect(HTMLText.toText("<a href=\"javascript:x()\">klik</a>") == "klik")
    #expect(HTMLText.toText("<a href=\"https://x.si/?a=1&amp;b=2\"><img alt=\"\"></a>") == "https://x.si/?a=1&b=2")
  }

  @Test("Broken HTML does not lose text")
  func broken() {
    #expect(HTMLText.toText("a < b and c > d") == "a < b and c > d")
    #expect(HTMLText.toText("<b>nezaprto") == "nezaprto")
    #expect(HTMLText.toText("<p class=\"x") == "")
    #expect(HTMLText.toText("<script>nikoli zaprto") == "")
    #expect(HTMLText.toText("<!-- nezaprt komentar") == "")
  }
}

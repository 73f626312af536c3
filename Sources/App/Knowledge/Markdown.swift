import Foundation
import Ink

/// Articles and newsletters are written in Markdown and shown as HTML through Ink, with raw HTML escaped:
/// whatever an author types, the page only ever gets the tags Markdown itself produces.
///
/// Ink passes raw HTML through unchanged, so before parsing `&`, `<` and `"` are escaped in the source: no
/// tag can start and no attribute can be closed early. `>` is left alone: it cannot open a tag, Ink escapes it
/// in text, and it is the blockquote marker. Ink escapes code itself, so code is unescaped once afterwards,
/// and links and images keep only safe URL schemes (no `javascript:`).
public enum MarkdownRenderer {
  public static func html(_ markdown: String) -> String {
    makeParser().html(from: escapeSource(markdown))
  }

  static func escapeSource(_ markdown: String) -> String {
    HTMLText.escape(markdown, keeping: [">", "'"])
  }

  /// A parser per call: Ink's parser and modifiers are not `Sendable`, and building one costs next to nothing.
  private static func makeParser() -> MarkdownParser {
    var parser = MarkdownParser()
    // Ink escapes `&` in code, which turns the source's `&lt;` into `&amp;lt;`; one unescape restores it.
    let code = Modifier(target: .codeBlocks) { html, _ in html.replacingOccurrences(of: "&amp;", with: "&") }
    let inlineCode = Modifier(target: .inlineCode) { html, _ in html.replacingOccurrences(of: "&amp;", with: "&") }
    let links = Modifier(target: .links) { html, _ in safeURL(in: html, attribute: "href") }
    let images = Modifier(target: .images) { html, _ in safeURL(in: html, attribute: "src") }
    parser.addModifier(code)
    parser.addModifier(inlineCode)
    parser.addModifier(links)
    parser.addModifier(images)
    return parser
  }

  /// Keeps http(s), mailto and tel links and links within the site; anything else (`javascript:`, `data:`…)
  /// loses its URL. The URL cannot contain a raw `"` because the source was escaped.
  static func safeURL(in html: String, attribute: String) -> String {
    guard let start = html.range(of: "\(attribute)=\""),
      let end = html[start.upperBound...].firstIndex(of: "\"")
    else { return html }
    let url = String(html[start.upperBound..<end])
    if isSafe(url: url) { return html }
    return html.replacingCharacters(in: start.upperBound..<end, with: "#")
  }

  static func isSafe(url encoded: String) -> Bool {
    let url = encoded.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&amp;", with: "&")
    // Browsers ignore control characters and spaces inside a scheme, so they are ignored here too.
    let compact = String(url.unicodeScalars.filter { $0.value > 0x20 && $0 != "\u{7F}" }.map(Character.init))
      .lowercased()
    guard let colon = compact.firstIndex(of: ":") else { return true }
    let beforeColon = compact[..<colon]
    if beforeColon.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
    return ["http", "https", "mailto", "tel"].contains(String(beforeColon))
  }
}

/// Markdown reduced to plain text, for snippets and e-mail previews.
public enum MarkdownPlainText {
  /// One pass over the Unicode scalars (every search result's snippet goes through here): line markers
  /// (`#`, `>`, list bullets and numbers) and emphasis (`*`, `_`, `` ` ``) are dropped, `[text](url)` and
  /// `![alt](url)` become `text` and `alt`, and runs of white space one space.
  public static func plain(_ markdown: String) -> String {
    let scalars = Array(markdown.unicodeScalars)
    var output = String.UnicodeScalarView()
    var index = 0
    var atLineStart = true
    var pendingSpace = false
    func emit(_ scalar: Unicode.Scalar) {
      if pendingSpace && !output.isEmpty { output.append(" ") }
      pendingSpace = false
      output.append(scalar)
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\n" || scalar == "\r" || scalar == " " || scalar == "\t" || scalar.properties.isWhitespace {
        pendingSpace = true
        if scalar == "\n" { atLineStart = true }
        index += 1
        continue
      }
      if atLineStart {
        atLineStart = false
        index = skipLineMarker(scalars, from: index)
        continue
      }
      switch scalar {
      case "*", "_", "`":
        index += 1
      case "!" where index + 1 < scalars.count && scalars[index + 1] == "[":
        index += 1
      case "[":
        if let (text, next) = link(scalars, at: index) {
          for part in text { emit(part) }
          index = next
        } else {
          emit(scalar)
          index += 1
        }
      default:
        emit(scalar)
        index += 1
      }
    }
    return String(output)
  }

  /// Past `#`/`>` markers, a bullet (`- `, `* `, `+ `) or a number (`1. `) at the start of a line.
  static func skipLineMarker(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
    var index = start
    while index < scalars.count, scalars[index] == "#" || scalars[index] == ">" || scalars[index] == " " {
      index += 1
    }
    if index + 1 < scalars.count, ["-", "*", "+"].contains(scalars[index]), scalars[index + 1] == " " {
      return index + 2
    }
    var digits = index
    while digits < scalars.count, (48...57).contains(scalars[digits].value) { digits += 1 }
    if digits > index, digits + 1 < scalars.count, scalars[digits] == ".", scalars[digits + 1] == " " {
      return digits + 2
    }
    return index
  }

  /// The text of a `[text](url)` starting at `start`, and where the link ends; nil when it is not one.
  static func link(_ scalars: [Unicode.Scalar], at start: Int) -> (ArraySlice<Unicode.Scalar>, Int)? {
    guard let close = scalars[(start + 1)...].firstIndex(where: { $0 == "]" || $0 == "\n" }), scalars[close] == "]",
      close + 1 < scalars.count, scalars[close + 1] == "(",
      let end = scalars[(close + 1)...].firstIndex(where: { $0 == ")" || $0 == "\n" }), scalars[end] == ")"
    else { return nil }
    return (scalars[(start + 1)..<close], end + 1)
  }
}

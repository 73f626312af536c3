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
    var escaped = ""
    escaped.reserveCapacity(markdown.utf8.count)
    for character in markdown {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case "\"": escaped += "&quot;"
      default: escaped.append(character)
      }
    }
    return escaped
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
  public static func plain(_ markdown: String) -> String {
    var lines: [String] = []
    for rawLine in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      var line = Substring(rawLine).drop(while: { $0 == " " || $0 == "\t" })
      while let first = line.first, first == "#" || first == ">" { line = line.dropFirst().drop(while: { $0 == " " }) }
      if let marker = line.firstIndex(of: " "), line[..<marker].allSatisfy({ $0.isNumber || $0 == "." }),
        line[..<marker].last == "."
      {
        line = line[line.index(after: marker)...]
      } else if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") {
        line = line.dropFirst(2)
      }
      lines.append(String(line))
    }
    var text = lines.joined(separator: " ")
    text = replaceLinks(text)
    text.removeAll { $0 == "*" || $0 == "`" || $0 == "_" }
    return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// `[text](url)` and `![alt](url)` become `text` and `alt`.
  static func replaceLinks(_ text: String) -> String {
    var output = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character == "[", let close = text[index...].firstIndex(of: "]"),
        text.index(after: close) < text.endIndex, text[text.index(after: close)] == "(",
        let end = text[close...].firstIndex(of: ")")
      {
        if output.last == "!" { output.removeLast() }
        output += text[text.index(after: index)..<close]
        index = text.index(after: end)
        continue
      }
      output.append(character)
      index = text.index(after: index)
    }
    return output
  }
}

import Plot

/// The one HTML escape of the App target, and escaping by default in views.
///
/// Text nodes escape by default: `Node.text(_:)` below shadows Plot's own, which escapes `<` and `>` but keeps
/// anything that looks like an entity (`&lt;`), so a person who typed `&lt;` would have seen `<`. Every `.text` in
/// the App target therefore shows exactly what it is given, and no view has to remember to escape.
///
/// Raw HTML enters a page only through `Node.sanitisedHTML(_:)`, for markup Podpora built and escaped itself:
/// Markdown through `MarkdownRenderer`, search snippets from `Snippet`, charts from `BarChart`.
///
/// Attribute values Plot writes exactly as given, so any value that can hold user input (a form field echoed back, a
/// file name, a `next` path) goes through `attribute`.
enum HTMLText {
  /// `&`, `<`, `>`, `"` and `'` as character references, except the characters in `kept`.
  static func escape<S: StringProtocol>(_ text: S, keeping kept: Set<Character> = []) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
      switch kept.contains(character) ? nil : character {
      case "&": escaped += "&amp;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// An attribute value: everything that could end the quoted value or start markup is escaped.
  static func attribute(_ value: String) -> String { escape(value) }

  /// Text content: quotes need no escaping there, and keeping them keeps the markup readable.
  static func text(_ value: String) -> String { escape(value, keeping: ["\"", "'"]) }

  /// What views wrapped text in while Plot's text node kept entities; now the text itself. Kept only so that view
  /// code written before text escaped by default still renders once (escaping here as well would escape twice).
  @available(*, deprecated, message: "Text nodes escape by default: pass the text as it is.")
  static func literal(_ text: String) -> String { text }
}

extension Node {
  /// Text shown exactly as given (see `HTMLText`). Declared in this module, it shadows Plot's `Node.text` here.
  static func text(_ text: String) -> Node { .raw(HTMLText.text(text)) }

  /// Markup that Podpora generated with every piece of text in it escaped (Markdown, search snippets, charts): the
  /// only way views put HTML into a page that was not built node by node.
  static func sanitisedHTML(_ html: String) -> Node { .raw(html) }
}

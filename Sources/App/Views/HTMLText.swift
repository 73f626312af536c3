/// Escaping Plot leaves to its callers.
///
/// Plot writes attribute values exactly as given, so any value that can hold user input (a form field echoed
/// back, a file name, a `next` path) must go through `attribute`. In text nodes Plot escapes `<` and `>` but keeps
/// anything that looks like an entity (`&lt;`), so text typed by a person goes through `literal` to show exactly
/// what they typed.
enum HTMLText {
  static func attribute(_ value: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(value.utf8.count)
    for character in value {
      switch character {
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

  static func literal(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;")
  }
}

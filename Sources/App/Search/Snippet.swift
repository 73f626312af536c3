import Foundation

/// Short excerpts of a matching document with the matched words in `<mark>`, everything else HTML-escaped.
/// Built in Swift from the stored text, so SQLite and PostgreSQL give the same snippets.
public enum Snippet {
  /// An excerpt of about `length` characters around the first matched word, as safe HTML. Only the start
  /// of a long text is looked at: a snippet is a pointer, not a summary.
  public static func html(text: String, query: SearchQuery, length: Int = 180) -> String {
    let plain = MarkdownPlainText.plain(String(text.prefix(4000)))
    guard !plain.isEmpty else { return "" }
    let terms = Terms(query)
    let words = wordRanges(in: plain)
    let firstMatch = words.first { terms.matches(plain[$0]) }

    var start = plain.startIndex
    if let first = firstMatch?.lowerBound {
      // Start a little before the first match, at a word boundary, so the match has some context.
      let lead = plain.distance(from: plain.startIndex, to: first)
      if lead > length / 4 {
        let wanted = plain.index(first, offsetBy: -(length / 4))
        start = words.first(where: { $0.lowerBound >= wanted })?.lowerBound ?? first
      }
    }
    var end = plain.index(start, offsetBy: length, limitedBy: plain.endIndex) ?? plain.endIndex
    if end < plain.endIndex, let lastWord = words.last(where: { $0.upperBound <= end }), lastWord.upperBound > start {
      end = lastWord.upperBound
    }
    var output = start > plain.startIndex ? "… " : ""
    var cursor = start
    for range in words where range.lowerBound >= start && range.upperBound <= end && terms.matches(plain[range]) {
      output += escape(plain[cursor..<range.lowerBound])
      output += "<mark>" + escape(plain[range]) + "</mark>"
      cursor = range.upperBound
    }
    output += escape(plain[cursor..<end])
    if end < plain.endIndex { output += " …" }
    return output
  }

  /// The query's words, ready for matching many words of a text against.
  struct Terms {
    let whole: Set<String>
    let prefixes: [String]

    init(_ query: SearchQuery) {
      let prefixes = query.prefixWords
      whole = Set(query.words)
      self.prefixes = Array(prefixes)
    }

    func matches(_ word: Substring) -> Bool {
      let folded = SearchText.fold(String(word))
      return whole.contains(folded) || prefixes.contains { folded.hasPrefix($0) }
    }
  }

  /// The whole of a short text (a title) with the matched words marked, as safe HTML.
  public static func highlighted(_ text: String, query: SearchQuery) -> String {
    let terms = Terms(query)
    var output = ""
    var cursor = text.startIndex
    for range in wordRanges(in: text) where terms.matches(text[range]) {
      output += escape(text[cursor..<range.lowerBound]) + "<mark>" + escape(text[range]) + "</mark>"
      cursor = range.upperBound
    }
    return output + escape(text[cursor...])
  }

  static func wordRanges(in text: String) -> [Range<String.Index>] {
    var ranges: [Range<String.Index>] = []
    var start: String.Index?
    var index = text.startIndex
    while index < text.endIndex {
      if SearchText.isWordCharacter(text[index]) {
        if start == nil { start = index }
      } else if let begun = start {
        ranges.append(begun..<index)
        start = nil
      }
      index = text.index(after: index)
    }
    if let begun = start { ranges.append(begun..<text.endIndex) }
    return ranges
  }

  public static func escape<S: StringProtocol>(_ text: S) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default: escaped.append(character)
      }
    }
    return escaped
  }
}

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
    var buffer = ""
    let firstMatch = words.first { terms.matches(plain[$0], buffer: &buffer) }

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
    for range in words
    where range.lowerBound >= start && range.upperBound <= end && terms.matches(plain[range], buffer: &buffer) {
      output += HTMLText.escape(plain[cursor..<range.lowerBound])
      output += "<mark>" + HTMLText.escape(plain[range]) + "</mark>"
      cursor = range.upperBound
    }
    output += HTMLText.escape(plain[cursor..<end])
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

    func matches(_ word: Substring, buffer: inout String) -> Bool {
      buffer.removeAll(keepingCapacity: true)
      SearchText.fold(word.unicodeScalars, into: &buffer)
      return whole.contains(buffer) || prefixes.contains { buffer.hasPrefix($0) }
    }
  }

  /// The whole of a short text (a title) with the matched words marked, as safe HTML.
  public static func highlighted(_ text: String, query: SearchQuery) -> String {
    let terms = Terms(query)
    var output = ""
    var cursor = text.startIndex
    var buffer = ""
    for range in wordRanges(in: text) where terms.matches(text[range], buffer: &buffer) {
      output += HTMLText.escape(text[cursor..<range.lowerBound]) + "<mark>" + HTMLText.escape(text[range]) + "</mark>"
      cursor = range.upperBound
    }
    return output + HTMLText.escape(text[cursor...])
  }

  static func wordRanges(in text: String) -> [Range<String.Index>] {
    SearchText.wordRanges(in: text)
  }
}

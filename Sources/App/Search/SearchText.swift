import Foundation

/// How search folds and splits text, in Swift. The databases fold the indexed text the same way (SQLite:
/// `unicode61 remove_diacritics 2` plus `đ`→`d`; PostgreSQL: `podpora_fold`), so a folded query word equals
/// the indexed token: "Obračun" and "obracun" are the same word, and so are č=c, š=s, ž=z, ć=c, đ=d.
public enum SearchText {
  /// Lower case without diacritics: "Đurđa Čačić" → "durda cacic".
  public static func fold(_ text: String) -> String {
    var folded = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if scalar.isASCII {
        let value = scalar.value
        folded.append((65...90).contains(value) ? Unicode.Scalar(value + 32)! : scalar)
      } else if let mapped = latinFolds[scalar] {
        folded.append(contentsOf: mapped.unicodeScalars)
      } else {
        folded.append(contentsOf: slowFold(scalar).unicodeScalars)
      }
    }
    return String(folded)
  }

  /// Folds of the Latin letters (U+00C0–U+024F), computed once: search folds every word of every snippet.
  static let latinFolds: [Unicode.Scalar: String] = {
    var table: [Unicode.Scalar: String] = [:]
    for value in UInt32(0xC0)...0x24F {
      if let scalar = Unicode.Scalar(value) { table[scalar] = slowFold(scalar) }
    }
    return table
  }()

  /// Lower case, canonical decomposition, combining marks dropped; letters with a stroke (no decomposition)
  /// mapped by hand.
  static func slowFold(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "đ", "Đ": return "d"
    case "ł", "Ł": return "l"
    case "ø", "Ø": return "o"
    case "ħ", "Ħ": return "h"
    default: break
    }
    var folded = String.UnicodeScalarView()
    for part in String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
      switch part.properties.generalCategory {
      case .nonspacingMark, .spacingMark, .enclosingMark: continue
      default: folded.append(part)
      }
    }
    return String(folded)
  }

  /// The folded words of `text`: runs of letters and digits, as both databases' tokenizers split them.
  public static func words(_ text: String) -> [String] {
    fold(text).split(whereSeparator: { !isWordCharacter($0) }).map(String.init)
  }

  static func isWordCharacter(_ character: Character) -> Bool {
    character.isLetter || character.isNumber
  }
}

/// A parsed search: words that must all occur (or, for similarity, any of them), quoted phrases, and the
/// last word as a prefix so results appear while the visitor is still typing.
public struct SearchQuery: Sendable, Equatable {
  public enum Part: Sendable, Equatable {
    case word(String, prefix: Bool)
    case phrase([String], prefix: Bool)
  }

  public enum Mode: Sendable, Equatable {
    /// Every part must match (the search box).
    case all
    /// Any part may match, more matches rank higher (repeat candidates, F1 context words).
    case any
  }

  public var parts: [Part]
  public var mode: Mode

  /// At most this many parts are used; a longer query is cut, never rejected.
  public static let maximumParts = 12
  /// Longer words are cut; no real word is longer, and it bounds the work per query.
  public static let maximumWordLength = 48
  /// A prefix shorter than this would match most of the index, so a one-letter last word is matched whole.
  public static let minimumPrefixLength = 2

  public init(parts: [Part], mode: Mode = .all) {
    self.parts = parts
    self.mode = mode
  }

  public var isEmpty: Bool { parts.isEmpty }

  /// Every folded word of the query, for highlighting.
  public var words: [String] {
    parts.flatMap { part -> [String] in
      switch part {
      case .word(let word, _): [word]
      case .phrase(let words, _): words
      }
    }
  }

  /// The words that match as a prefix (the last one, while typing).
  public var prefixWords: Set<String> {
    Set(
      parts.compactMap { part -> String? in
        switch part {
        case .word(let word, let prefix): prefix ? word : nil
        case .phrase(let words, let prefix): prefix ? words.last : nil
        }
      })
  }

  /// Parses what a person typed: `"…"` is a phrase, everything else separate words, the last word (or the
  /// last word of an unfinished phrase) a prefix.
  public static func parse(_ input: String, prefixLast: Bool = true) -> SearchQuery {
    var parts: [Part] = []
    var inPhrase = false
    var chunk = ""
    func flush(phrase: Bool) {
      let words = SearchText.words(chunk).map { String($0.prefix(maximumWordLength)) }
      chunk = ""
      guard !words.isEmpty else { return }
      if phrase && words.count > 1 {
        parts.append(.phrase(words, prefix: false))
      } else {
        parts.append(contentsOf: words.map { .word($0, prefix: false) })
      }
    }
    for character in input.prefix(1000) {
      if character == "\"" || character == "„" || character == "“" || character == "”" {
        flush(phrase: inPhrase)
        inPhrase.toggle()
      } else {
        chunk.append(character)
      }
    }
    flush(phrase: inPhrase)
    parts = Array(parts.prefix(maximumParts))
    if prefixLast, let last = parts.last {
      switch last {
      case .word(let word, _) where word.count >= minimumPrefixLength:
        parts[parts.count - 1] = .word(word, prefix: true)
      case .phrase(let words, _) where inPhrase && words.last!.count >= minimumPrefixLength:
        // An unclosed quote: the visitor is still typing the phrase.
        parts[parts.count - 1] = .phrase(words, prefix: true)
      default:
        break
      }
    }
    return SearchQuery(parts: parts)
  }

  /// A query that matches documents sharing any of the words, ranked by how well they match: for repeat
  /// candidates and F1 contexts. Short and very common words are left out, duplicates once.
  public static func anyOf(_ text: String, maximumWords: Int = maximumParts, prefix: Bool = false) -> SearchQuery {
    var seen = Set<String>()
    var words: [String] = []
    for word in SearchText.words(text) where word.count >= 3 && !stopWords.contains(word) {
      let word = String(word.prefix(maximumWordLength))
      if seen.insert(word).inserted { words.append(word) }
      if words.count == maximumWords { break }
    }
    return SearchQuery(parts: words.map { .word($0, prefix: prefix && $0.count >= 4) }, mode: .any)
  }

  /// Slovenian (and a few English) function words that say nothing about what a request is about.
  static let stopWords: Set<String> = [
    "ali", "and", "bil", "bila", "bilo", "ceprav", "ker", "kako", "kaj", "kje", "kdaj", "lahko", "mi", "moj", "moja",
    "na", "nam", "ne", "ni", "pa", "pri", "prosim", "prosimo", "sem", "smo", "so", "se", "ste", "tudi", "the", "za",
    "zakaj", "that", "this", "with", "how", "what", "from", "ter", "tem", "tega", "temu", "bo", "bom", "vas", "vam",
    "pozdravljeni", "hvala", "lep", "pozdrav", "imamo", "imam", "nas", "iz", "od", "do", "po", "ko", "le",
  ]
}

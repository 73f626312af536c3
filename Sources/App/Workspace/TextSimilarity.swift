import Foundation

/// Ranks texts by the words they share: the workspace's repeat candidates and matching articles.
///
/// A deliberately small stand-in for the knowledge-base search service (`SearchQueries.similarRequests` and
/// `matchingArticles`); `RepeatCandidates` and `ArticleMatches` are the only callers, so swapping it is local.
/// Words are folded (case, č/š/ž/ć/đ), short and common words dropped, and cut to their first five letters so that
/// Slovenian inflections meet (`obračun`, `obračuna`, `obračunu`).
enum TextSimilarity {
  static let stemLength = 5

  static let stopWords: Set<String> = [
    "in", "ali", "pri", "kako", "kaj", "kje", "kdaj", "zakaj", "ker", "da", "je", "so", "se", "ne", "na", "za", "od",
    "do", "po", "iz", "the", "and", "how", "what", "where", "when", "why", "with", "for", "not", "can", "this",
    "that", "from", "mi", "me", "si", "smo", "ste", "bi", "bo", "ko", "tudi", "pa", "ga", "jo", "ki",
    "program", "programa", "programu", "prosim", "prosimo", "hvala", "lep", "pozdrav", "pozdravljeni",
  ]

  /// The folded word stems of a text, each once.
  static func terms(_ text: String) -> Set<String> {
    var result: Set<String> = []
    var word = ""
    func flush() {
      defer { word = "" }
      guard word.count >= 3, !stopWords.contains(word) else { return }
      result.insert(String(word.prefix(stemLength)))
    }
    for scalar in text.unicodeScalars {
      if let folded = fold(scalar) {
        word.append(folded)
      } else {
        flush()
      }
    }
    flush()
    return result
  }

  /// Lower-case ASCII letters and digits; Slovenian letters lose their marks; anything else separates words.
  static func fold(_ scalar: Unicode.Scalar) -> Character? {
    switch scalar {
    case "a"..."z", "0"..."9": return Character(scalar)
    case "A"..."Z": return Character(Unicode.Scalar(scalar.value + 32)!)
    case "č", "Č", "ć", "Ć": return "c"
    case "š", "Š": return "s"
    case "ž", "Ž": return "z"
    case "đ", "Đ": return "d"
    default:
      guard scalar.properties.isAlphabetic else { return nil }
      let base = String(scalar).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
      return base.unicodeScalars.count == 1 ? Character(base) : nil
    }
  }

  /// How much of `query`'s vocabulary `candidate` covers, weighted towards its title: 0 (nothing shared) to 1.
  static func score(query: Set<String>, title: Set<String>, body: Set<String>) -> Double {
    guard !query.isEmpty else { return 0 }
    let inTitle = query.intersection(title).count
    let inBody = query.subtracting(title).intersection(body).count
    let covered = Double(inTitle) * 1.5 + Double(inBody)
    return min(1, covered / Double(query.count))
  }
}

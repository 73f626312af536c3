import Fluent
import Foundation

/// A published help article, tip or newsletter issue that may answer what a customer is writing.
struct KnowledgeSuggestion: Sendable, Equatable {
  enum Kind: String, Sendable {
    case article, tip, newsletter
  }

  var kind: Kind
  /// `a-17` for articles and tips, `n-2` for newsletter issues: the id a deflection and evidence use.
  var reference: String
  var title: String
  var url: String
  /// The start of the text, plain (no markup).
  var excerpt: String
  var publishedAt: Date?

  /// Splits a reference back into its kind and database id; nil for anything malformed.
  static func parse(reference: String) -> (newsletter: Bool, id: Int)? {
    let parts = reference.split(separator: "-", maxSplits: 1)
    guard parts.count == 2, let id = Int(parts[1]), id > 0 else { return nil }
    switch parts[0] {
    case "a": return (false, id)
    case "n": return (true, id)
    default: return nil
    }
  }
}

/// The portal's suggestions while a customer writes a request.
///
/// The seam to the knowledge base's search service: until that lands in main, a simple search that folds case
/// and diacritics ("obracun place" finds "Obračun plač") and matches word beginnings in titles (weighted) and
/// bodies of published public articles, tips and newsletter issues. Swap the body of `matching` for the search
/// service's call; callers and views stay as they are.
enum KnowledgeSuggestions {
  /// How many candidates the simple search reads; the help site holds a few hundred documents at most.
  static let candidateLimit = 1000

  static func matching(
    _ text: String, programID: Int?, now: Date, limit: Int = 4, on db: any Database
  ) async throws -> [KnowledgeSuggestion] {
    let stems = SuggestionText.stems(of: text)
    guard !stems.isEmpty else { return [] }

    var scored: [(score: Int, suggestion: KnowledgeSuggestion)] = []
    var articles = Article.query(on: db).filter(\.$status == .published).filter(\.$visibility == .public)
      .filter(\.$publishedAt <= now)
    if let programID {
      articles = articles.group(.or) { $0.filter(\.$program.$id == programID).filter(\.$program.$id == nil) }
    }
    for article in try await articles.sort(\.$publishedAt, .descending).limit(candidateLimit).all() {
      let score = SuggestionText.score(
        stems: stems, title: article.title, body: article.bodyMarkdown + " " + article.tags)
      guard score > 0, let id = article.id else { continue }
      scored.append(
        (
          score,
          KnowledgeSuggestion(
            kind: article.kind == .tip ? .tip : .article, reference: "a-\(id)", title: article.title,
            url: "\(SiteURL.help.path)/clanek/\(article.slug)", excerpt: SuggestionText.excerpt(article.bodyMarkdown),
            publishedAt: article.publishedAt)
        ))
    }
    let newsletters = try await Newsletter.query(on: db).filter(\.$status == .published).filter(\.$publishedAt <= now)
      .sort(\.$publishedAt, .descending).limit(candidateLimit).all()
    for issue in newsletters {
      let score = SuggestionText.score(stems: stems, title: issue.title, body: issue.bodyMarkdown)
      guard score > 0, let id = issue.id else { continue }
      scored.append(
        (
          score,
          KnowledgeSuggestion(
            kind: .newsletter, reference: "n-\(id)", title: issue.title,
            url: "\(SiteURL.help.path)/e-novice/\(issue.slug)", excerpt: SuggestionText.excerpt(issue.bodyMarkdown),
            publishedAt: issue.publishedAt)
        ))
    }
    // A document must share at least two word stems with the text, or one in its title, to be worth showing.
    return
      scored
      .filter { $0.score >= 2 }
      .sorted { $0.score != $1.score ? $0.score > $1.score : $0.suggestion.title < $1.suggestion.title }
      .prefix(max(1, limit)).map(\.suggestion)
  }
}

/// Folding and matching words for the simple suggestion search.
enum SuggestionText {
  /// Words that say nothing about the question (Slovenian and English).
  static let stopWords: Set<String> = [
    "ali", "and", "are", "ima", "imam", "imamo", "je", "kaj", "kako", "kakšen", "kje", "kdaj", "lahko", "mi", "moj",
    "na", "naš", "ne", "pri", "prosim", "program", "programa", "programu", "se", "sem", "smo", "so", "ste", "tudi",
    "ter", "the", "this", "that", "what", "when", "where", "with", "why", "you", "zakaj", "za", "hvala",
    "pozdravljeni", "how", "can", "for", "not", "does", "vendar", "kot", "ker", "pa", "da", "po", "iz", "od", "do",
  ].reduce(into: Set<String>()) { $0.insert(fold($1)) }

  static func fold(_ text: String) -> String {
    text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "sl"))
  }

  static func words(_ text: String) -> [String] {
    fold(text).split { !$0.isLetter && !$0.isNumber }.map(String.init)
  }

  /// Word beginnings to look for: Slovenian inflects word endings, so "plač", "plače" and "plačah" share "plac".
  static func stems(of text: String) -> [String] {
    var seen = Set<String>()
    var stems: [String] = []
    for word in words(text) where word.count >= 3 && !stopWords.contains(word) {
      let stem: String
      switch word.count {
      case ...4: stem = word
      case 5: stem = String(word.prefix(4))
      default: stem = String(word.prefix(word.count - 2))
      }
      if seen.insert(stem).inserted { stems.append(stem) }
      if stems.count == 40 { break }
    }
    return stems
  }

  /// Three points for each stem found in the title, one for each found only in the body.
  static func score(stems: [String], title: String, body: String) -> Int {
    let titleWords = words(title)
    let bodyWords = Set(words(body))
    var score = 0
    for stem in stems {
      if titleWords.contains(where: { $0.hasPrefix(stem) }) {
        score += 3
      } else if bodyWords.contains(where: { $0.hasPrefix(stem) }) {
        score += 1
      }
    }
    return score
  }

  /// The first sentence or so of a Markdown text, without its markup; headings end with a full stop so they do not
  /// run into the text after them.
  static func excerpt(_ markdown: String, length: Int = 160) -> String {
    let lines = markdown.split(separator: "\n").map { line -> String in
      var text = line.trimmingCharacters(in: .whitespaces)
      let heading = text.hasPrefix("#")
      while text.hasPrefix("#") || text.hasPrefix("-") || text.hasPrefix("*") || text.hasPrefix(">") {
        text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces)
      }
      text = text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
      if heading, let last = text.last, !".:!?".contains(last) { text += "." }
      return text
    }
    let plain = lines.filter { !$0.isEmpty }.joined(separator: " ")
    guard plain.count > length else { return plain }
    return String(plain.prefix(length)).trimmingCharacters(in: .whitespaces) + "…"
  }
}

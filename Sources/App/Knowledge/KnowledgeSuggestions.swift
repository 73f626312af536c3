import Fluent
import Foundation
import SupportPolicy

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
  /// HTML from the search service's snippet: the matched words in `<mark>`, everything else escaped.
  var snippetHTML: String
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

/// The portal's suggestions while a customer writes a request: the knowledge base's one search service
/// (`SearchQueries.matchingArticles`, full-text on SQLite FTS5 and PostgreSQL), asked for published documents a
/// signed-in customer may read that share words with the subject and description, those of the chosen program and
/// general ones first.
enum KnowledgeSuggestions {
  static func matching(
    _ text: String, programID: Int?, now: Date, limit: Int = 4, on db: any Database
  ) async throws -> [KnowledgeSuggestion] {
    let results = try await SearchQueries.matchingArticles(
      to: text, viewer: .customer, programID: programID, limit: limit, now: now, on: db)
    return results.compactMap { result -> KnowledgeSuggestion? in
      let kind: KnowledgeSuggestion.Kind
      switch result.kind {
      case "article": kind = .article
      case "tip": kind = .tip
      case "newsletter": kind = .newsletter
      default: return nil
      }
      return KnowledgeSuggestion(
        kind: kind, reference: result.id, title: result.title, url: result.url, snippetHTML: result.snippet,
        publishedAt: result.publishedAt.flatMap(ISO8601.parse))
    }
  }
}

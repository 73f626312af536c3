import Fluent
import Foundation
import SupportPolicy
import Vapor

/// One search result as every client gets it: the help site, the portal's suggestions and the JSON API.
public struct SearchResult: Content, Equatable, Sendable {
  /// `article`, `tip`, `newsletter` or `request`.
  public var kind: String
  /// `a-17` (articles and tips), `n-2` (newsletter issues), `r-123` (requests): the id evidence uses.
  public var id: String
  public var title: String
  public var url: String
  /// HTML: the matched words in `<mark>`, everything else escaped.
  public var snippet: String
  /// ISO 8601 with the Europe/Ljubljana offset; for a request, when it was submitted.
  public var publishedAt: String?
}

/// The help-site documents and (for staff) requests matching one query.
public struct SearchResults: Sendable, Equatable {
  public var query: SearchQuery
  public var knowledge: [SearchResult]
  public var requests: [SearchResult]
  public var all: [SearchResult] { knowledge + requests }
}

/// A request similar to another, for "this was asked before" in the workspace.
public struct SimilarRequest: Sendable, Equatable {
  public var requestID: Int
  public var number: String
  public var subject: String
  public var submittedAt: Date
  public var score: Double
  public var snippet: String
}

/// The one search service: the help site's search box, the portal's suggestions while a customer types a
/// request, the workspace's matching articles and repeat candidates all come through here to `SearchIndex`.
enum SearchQueries {
  static let maximumLimit = 50

  /// What a person typed in a search box: every word must match, the last as a prefix, `"…"` a phrase.
  /// Staff also get matching requests; `programCode` narrows to one program and general documents.
  static func search(
    _ text: String, viewer: KnowledgeViewer, programCode: String? = nil, limit: Int = 10, now: Date,
    on db: any Database
  ) async throws -> SearchResults {
    let query = SearchQuery.parse(text)
    let limit = min(max(limit, 1), maximumLimit)
    guard !query.isEmpty else { return SearchResults(query: query, knowledge: [], requests: []) }
    var programID: Int?
    if let programCode, !programCode.isEmpty {
      guard let program = try await KnowledgeQueries.program(code: programCode, on: db) else {
        return SearchResults(query: query, knowledge: [], requests: [])
      }
      programID = program.id
    }
    let index = SearchIndexes.for(db)
    let scope = KnowledgeScope(audiences: viewer.audiences, programID: programID, publishedBy: now)
    let knowledge = try await index.knowledge(matching: query, in: scope, limit: limit, on: db.sql)
    var requests: [SearchResult] = []
    if viewer == .staff {
      let requestQuery = query.wholeWordsExceptNumbers
      requests = try await index.requests(matching: requestQuery, organisationID: nil, limit: limit, on: db.sql)
        .map { result($0, query: requestQuery) }
    }
    return SearchResults(query: query, knowledge: knowledge.map { result($0, query: query) }, requests: requests)
  }

  /// Help-site documents that match a longer text (a request's subject and body while it is being written,
  /// or a request in the workspace): any of its words may match, documents sharing more rank higher.
  static func matchingArticles(
    to text: String, viewer: KnowledgeViewer, programID: Int? = nil, limit: Int = 5, now: Date,
    on db: any Database
  ) async throws -> [SearchResult] {
    let query = SearchQuery.anyOf(text, prefix: true)
    guard !query.isEmpty else { return [] }
    let scope = KnowledgeScope(audiences: viewer.audiences, programID: programID, publishedBy: now)
    return try await SearchIndexes.for(db).knowledge(
      matching: query, in: scope, limit: min(max(limit, 1), maximumLimit), on: db.sql
    ).map { result($0, query: query) }
  }

  /// Earlier requests most similar to `text` by the words they share (subject words count most, rare words
  /// more than common ones): repeat candidates for `paid.repeated-question`. `organisationID` limits them to
  /// one customer's `RequestSimilarity.recentRequests` newest requests, scored in Swift the same way on both
  /// databases; without it the full-text index ranks the newest matches of all requests. `excluding` leaves
  /// out the request being looked at.
  static func similarRequests(
    to text: String, organisationID: Int?, excluding requestID: Int?, limit: Int = 5, on db: any Database
  ) async throws -> [SimilarRequest] {
    let query = SearchQuery.anyOf(text)
    guard !query.isEmpty else { return [] }
    let limit = min(max(limit, 1), maximumLimit)
    if let organisationID {
      return try await RequestSimilarity.similar(
        to: query, organisationID: organisationID, excluding: requestID, limit: limit, on: db)
    }
    let matches = try await SearchIndexes.for(db).requests(
      matching: query, organisationID: nil, limit: limit + 1, on: db.sql)
    return matches.filter { $0.requestID != requestID }.prefix(limit).map {
      SimilarRequest(
        requestID: $0.requestID, number: $0.number, subject: $0.subject, submittedAt: $0.submittedAt, score: $0.score,
        snippet: Snippet.html(text: $0.body, query: query))
    }
  }

  /// The best match for an F1 context whose key has no article: its words, any of them, in the program.
  static func bestMatch(
    forContext context: String, programID: Int, viewer: KnowledgeViewer, now: Date, on db: any Database
  )
    async throws -> KnowledgeMatch?
  {
    let query = SearchQuery.anyOf(F1Context.words(context), prefix: true)
    guard !query.isEmpty else { return nil }
    let scope = KnowledgeScope(audiences: viewer.audiences, programID: programID, publishedBy: now)
    return try await SearchIndexes.for(db).knowledge(matching: query, in: scope, limit: 1, on: db.sql).first
  }

  static func result(_ match: KnowledgeMatch, query: SearchQuery) -> SearchResult {
    SearchResult(
      kind: match.kind.rawValue, id: KnowledgeReference(match).id, title: match.title, url: url(for: match),
      snippet: Snippet.html(text: match.body, query: query), publishedAt: match.publishedAt.map { ISO8601.format($0) })
  }

  static func result(_ match: RequestMatch, query: SearchQuery) -> SearchResult {
    SearchResult(
      kind: "request", id: "r-\(match.requestID)", title: "\(match.number): \(match.subject)",
      url: SiteURL.workspaceRequest(.value(match.number)).path, snippet: Snippet.html(text: match.body, query: query),
      publishedAt: ISO8601.format(match.submittedAt))
  }

  static func url(for match: KnowledgeMatch) -> String {
    match.kind == .newsletter
      ? SiteURL.newsletter(.value(match.slug)).path : SiteURL.helpArticle(.value(match.slug)).path
  }
}

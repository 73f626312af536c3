import Fluent
import Foundation
import SQLKit
import Vapor

/// Who is reading the help site, as far as article visibility goes.
public enum KnowledgeViewer: Sendable, Equatable {
  /// Anyone on the public help site: public articles only.
  case anonymous
  /// A signed-in customer contact: public articles and those for customers.
  case customer
  /// Staff: everything published, including internal articles.
  case staff

  public var audiences: [ArticleVisibility] {
    switch self {
    case .anonymous: [.public]
    case .customer: [.public, .customers]
    case .staff: [.public, .customers, .staff]
    }
  }

  init(_ viewer: Viewer) {
    switch viewer {
    case .anonymous: self = .anonymous
    case .contact: self = .customer
    case .staff: self = .staff
    }
  }
}

extension Request {
  var knowledgeViewer: KnowledgeViewer { KnowledgeViewer(viewer) }
}

/// Reading the knowledge base: what a viewer may see, per program, F1 keys, related articles, tips and the
/// newsletter archive. Every function takes a `Database` and "now", so it is testable without HTTP.
enum KnowledgeQueries {
  /// Published articles and tips `viewer` may read at `now` (an article with a later publish time is not
  /// shown yet). The portal reuses this and narrows it further.
  static func visibleArticles(for viewer: KnowledgeViewer, now: Date, on db: any Database) -> QueryBuilder<Article> {
    Article.query(on: db)
      .filter(\.$status == .published)
      .filter(\.$publishedAt != nil)
      .filter(\.$publishedAt <= now)
      .filter(\.$visibility ~~ viewer.audiences)
  }

  /// Newsletter issues in the public archive at `now`.
  static func publishedNewsletters(now: Date, on db: any Database) -> QueryBuilder<Newsletter> {
    Newsletter.query(on: db)
      .filter(\.$status == .published)
      .filter(\.$publishedAt != nil)
      .filter(\.$publishedAt <= now)
  }

  static func programs(on db: any Database) async throws -> [Program] {
    try await Program.query(on: db).sort(\.$code).all()
  }

  /// The program with this code, in any letter case.
  static func program(code: String, on db: any Database) async throws -> Program? {
    let normalised = code.trimmingCharacters(in: .whitespaces).uppercased()
    guard !normalised.isEmpty, normalised.count <= 16 else { return nil }
    return try await Program.query(on: db).filter(\.$code == normalised).first()
  }

  static func article(
    slug: String, for viewer: KnowledgeViewer, now: Date, on db: any Database
  ) async throws
    -> Article?
  {
    try await visibleArticles(for: viewer, now: now, on: db).filter(\.$slug == slug).first()
  }

  /// A program's articles (by title) and tips (newest first).
  static func programArticles(
    programID: Int, kind: ArticleKind, for viewer: KnowledgeViewer, now: Date, limit: Int = 500, on db: any Database
  ) async throws -> [Article] {
    let query = visibleArticles(for: viewer, now: now, on: db).filter(\.$program.$id == programID)
      .filter(\.$kind == kind)
    switch kind {
    case .article: return try await query.sort(\.$title).limit(limit).all()
    case .tip: return try await query.sort(\.$publishedAt, .descending).sort(\.$id, .descending).limit(limit).all()
    }
  }

  /// General articles that belong to no program.
  static func generalArticles(for viewer: KnowledgeViewer, now: Date, on db: any Database) async throws -> [Article] {
    try await visibleArticles(for: viewer, now: now, on: db).filter(\.$program.$id == nil)
      .filter(\.$kind == .article).sort(\.$title).limit(200).all()
  }

  /// Tips, newest first, a page at a time (pages count from 1).
  static func tips(
    for viewer: KnowledgeViewer, now: Date, page: Int, perPage: Int = 20, on db: any Database
  )
    async throws -> (tips: [Article], hasMore: Bool)
  {
    let offset = max(0, page - 1) * perPage
    let rows = try await visibleArticles(for: viewer, now: now, on: db).filter(\.$kind == .tip)
      .sort(\.$publishedAt, .descending).sort(\.$id, .descending)
      .range(offset..<(offset + perPage + 1)).all()
    return (Array(rows.prefix(perPage)), rows.count > perPage)
  }

  /// Up to `limit` articles related to `article`: sharing tags counts most, the same program next; newest first
  /// among equals.
  static func related(
    to article: Article, for viewer: KnowledgeViewer, now: Date, limit: Int = 5, on db: any Database
  ) async throws -> [Article] {
    let articleID = try article.requireID()
    let tags = ArticleTags.parse(article.tags)
    var candidates: [Int: Article] = [:]
    if let programID = article.$program.id {
      for candidate in try await visibleArticles(for: viewer, now: now, on: db).filter(\.$program.$id == programID)
        .filter(\.$id != articleID).sort(\.$publishedAt, .descending).limit(50).all()
      {
        candidates[try candidate.requireID()] = candidate
      }
    }
    for tag in tags.prefix(8) {
      // Tags are stored as "a,b,c": a tag is the whole list, its first, its last or a middle item.
      let matches = try await visibleArticles(for: viewer, now: now, on: db).filter(\.$id != articleID)
        .group(.or) { or in
          or.filter(\.$tags == tag)
          or.filter(\.$tags =~ (tag + ","))
          or.filter(\.$tags ~= ("," + tag))
          or.filter(\.$tags ~~ ("," + tag + ","))
        }
        .sort(\.$publishedAt, .descending).limit(50).all()
      for candidate in matches { candidates[try candidate.requireID()] = candidate }
    }
    func score(_ candidate: Article) -> Int {
      let shared = Set(ArticleTags.parse(candidate.tags)).intersection(tags).count
      let sameProgram = candidate.$program.id != nil && candidate.$program.id == article.$program.id
      return shared * 2 + (sameProgram ? 1 : 0)
    }
    return candidates.values.sorted {
      let (left, right) = (score($0), score($1))
      if left != right { return left > right }
      return ($0.publishedAt ?? .distantPast) > ($1.publishedAt ?? .distantPast)
    }.prefix(limit).map { $0 }
  }

  /// The article registered for an F1 context key of a program.
  static func f1Article(
    programID: Int, context: String, for viewer: KnowledgeViewer, now: Date, on db: any Database
  ) async throws -> Article? {
    try await visibleArticles(for: viewer, now: now, on: db).filter(\.$program.$id == programID)
      .filter(\.$f1Context == F1Context.normalised(context)).sort(\.$publishedAt, .descending).first()
  }

  static func newsletter(slug: String, now: Date, on db: any Database) async throws -> Newsletter? {
    try await publishedNewsletters(now: now, on: db).filter(\.$slug == slug).first()
  }
}

/// Article tags: stored comma-separated in lower case.
enum ArticleTags {
  static func parse(_ stored: String) -> [String] {
    var seen = Set<String>()
    return stored.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      .filter { !$0.isEmpty && seen.insert($0).inserted }
  }

  static func format(_ tags: [String]) -> String {
    parse(tags.joined(separator: ",")).joined(separator: ",")
  }
}

/// F1 context keys: the screen id a desktop program sends, e.g. `obracun.place`.
enum F1Context {
  static func normalised(_ context: String) -> String {
    context.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
  }

  /// Letters, digits, `.`, `_` and `-`, at most 100 characters.
  static func isValid(_ context: String) -> Bool {
    !context.isEmpty && context.count <= 100
      && context.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
  }

  /// The words of a context key, for searching when no article is registered for it.
  static func words(_ context: String) -> String {
    context.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" }).joined(separator: " ")
  }
}

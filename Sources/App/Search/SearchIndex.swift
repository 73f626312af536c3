import Fluent
import Foundation
import SQLKit

/// The full-text index behind every search box: the help site, the portal's suggestions while a customer
/// types a request, the workspace's matching articles and repeat candidates.
///
/// One implementation per database, chosen by the dialect (`DatabaseDialect.searchIndex`): SQLite FTS5 and PostgreSQL full-text
/// search with `unaccent`. Both fold case and diacritics the same way (`SearchText.fold`), rank by relevance
/// with the title weighted most, and are kept in sync by triggers that the migration creates, so every
/// writer of articles, newsletters and requests (whatever code it is) updates the index in its own transaction.
public protocol SearchIndex: Sendable {
  /// The statements that create the index tables, functions and triggers, run one at a time.
  static var createStatements: [String] { get }
  /// The statements that drop everything `createStatements` made.
  static var dropStatements: [String] { get }
  /// Re-indexes every article, newsletter and request from scratch.
  func rebuild(on db: any SQLDatabase) async throws
  /// Published help-site documents (articles, tips, newsletter issues) matching `query`, best first.
  func knowledge(
    matching query: SearchQuery, in scope: KnowledgeScope, limit: Int, on db: any SQLDatabase
  ) async throws -> [KnowledgeMatch]
  /// Requests matching `query` (number, subject, body), best first, optionally of one organisation.
  func requests(
    matching query: SearchQuery, organisationID: Int?, limit: Int, on db: any SQLDatabase
  ) async throws -> [RequestMatch]
}

extension SearchIndex {
  /// Creates the index tables, functions and triggers, and indexes what is already stored.
  func createSchema(on db: any SQLDatabase) async throws {
    for statement in Self.createStatements { try await db.raw(SQLQueryString(statement)).run() }
    try await rebuild(on: db)
  }

  /// Drops everything `createSchema` made.
  func dropSchema(on db: any SQLDatabase) async throws {
    for statement in Self.dropStatements { try await db.raw(SQLQueryString(statement)).run() }
  }
}

/// Which help-site documents a search may return.
public struct KnowledgeScope: Sendable, Equatable {
  /// Visibility levels the viewer may see.
  public var audiences: [ArticleVisibility]
  /// Documents of this program and general ones (no program); nil for all programs.
  public var programID: Int?
  /// Limit to these kinds; nil for every kind.
  public var kinds: [KnowledgeKind]?
  /// Only documents published at or before this instant.
  public var publishedBy: Date

  /// In a search narrowed to a program, its own documents score this many times what general ones do:
  /// F1 and the portal ask in the context of one program.
  public static let programBoost = 1.5

  public init(
    audiences: [ArticleVisibility], programID: Int? = nil, kinds: [KnowledgeKind]? = nil, publishedBy: Date
  ) {
    self.audiences = audiences
    self.programID = programID
    self.kinds = kinds
    self.publishedBy = publishedBy
  }
}

/// The kinds of help-site documents: an article, a short tip (stored as an article) and a newsletter issue.
public enum KnowledgeKind: String, Codable, Sendable, CaseIterable {
  case article, tip, newsletter
}

/// One help-site document that matched, with what a result list shows.
public struct KnowledgeMatch: Sendable, Equatable {
  public var kind: KnowledgeKind
  /// The article's id (articles and tips) or the newsletter's id.
  public var itemID: Int
  public var slug: String
  public var title: String
  public var body: String
  public var programID: Int?
  public var publishedAt: Date?
  /// Higher is better; comparable only within one result list.
  public var score: Double
}

/// One request that matched.
public struct RequestMatch: Sendable, Equatable {
  public var requestID: Int
  public var number: String
  public var subject: String
  public var body: String
  public var organisationID: Int
  public var submittedAt: Date
  public var score: Double
}

/// How many matches a search ranks at most: the newest ones. Ranking costs time per match, and a word that
/// occurs in half a million requests would otherwise be ranked half a million times; among that many
/// matches the newest are the likelier answer anyway. A query that matches fewer is ranked whole.
public enum SearchWindow {
  public static let knowledge = 2_000
  public static let requests = 5_000
}

public enum SearchIndexes {
  /// The index implementation for the database `db` talks to, as its dialect chooses (`DatabaseDialect.searchIndex`).
  public static func `for`(_ db: any Database) -> any SearchIndex {
    dialectType(of: db.sql).searchIndex
  }
}

import Fluent
import Foundation
import Vapor

@testable import App

/// Articles, newsletters and requests made in one line, for the knowledge-base and search tests.
enum KnowledgeFixtures {
  @discardableResult
  static func article(
    _ title: String, body: String = "Besedilo.", slug: String? = nil, kind: ArticleKind = .article,
    program: Int? = nil, tags: String = "", f1: String? = nil, visibility: ArticleVisibility = .public,
    status: PublicationStatus = .published, publishedAt: Date? = TestApp.defaultNow - 86_400, on db: any Database
  ) async throws -> Article {
    let article = Article()
    article.slug = slug ?? Slug.make(from: title) + "-" + UUID().uuidString.prefix(6).lowercased()
    article.kind = kind
    article.$program.id = program
    article.title = title
    article.bodyMarkdown = body
    article.tags = tags
    article.f1Context = f1
    article.visibility = visibility
    article.status = status
    article.publishedAt = publishedAt
    article.createdAt = TestApp.defaultNow - 86_400 * 2
    article.updatedAt = article.createdAt
    try await article.create(on: db)
    return article
  }

  @discardableResult
  static func newsletter(
    _ title: String, body: String = "Novice.", status: PublicationStatus = .published,
    publishedAt: Date? = TestApp.defaultNow - 86_400, on db: any Database
  ) async throws -> Newsletter {
    let issue = Newsletter()
    issue.slug = Slug.make(from: title) + "-" + UUID().uuidString.prefix(6).lowercased()
    issue.title = title
    issue.bodyMarkdown = body
    issue.status = status
    issue.publishedAt = publishedAt
    issue.createdAt = TestApp.defaultNow - 86_400 * 2
    try await issue.create(on: db)
    return issue
  }

  static func program(_ code: String, on db: any Database) async throws -> Program {
    if let existing = try await Program.query(on: db).filter(\.$code == code).first() { return existing }
    let program = Program(code: code, nameSl: "Program \(code)", nameEn: "Program \(code)")
    try await program.create(on: db)
    return program
  }

  static func organisation(_ name: String, on db: any Database) async throws -> Int {
    let organisation = Organisation(name: name, taxNumber: "SI\(Int.random(in: 10_000_000...99_999_999))")
    try await organisation.create(on: db)
    return try organisation.requireID()
  }

  @discardableResult
  static func request(
    _ subject: String, body: String, organisation: Int, number: String? = nil, on db: any Database
  ) async throws -> SupportRequest {
    let request = SupportRequest(
      number: number ?? "2026-\(Int.random(in: 100_000...999_999))", organisationID: organisation, contactID: nil,
      programID: nil, channel: .portal, category: .usage, subject: subject, body: body,
      submittedAt: TestApp.defaultNow - 3600)
    try await request.create(on: db)
    return request
  }

  static func titles(_ results: [SearchResult]) -> [String] { results.map(\.title) }
}

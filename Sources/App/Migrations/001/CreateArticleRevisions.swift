import Fluent

struct CreateArticleRevisions: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("article_revisions")
      .field(.id, .int, .identifier(auto: true))
      .field("article_id", .int, .required, .references("articles", "id"))
      .field("editor_id", .int, .references("staff_users", "id"))
      .field("title", .string, .required)
      .field("body_markdown", .string, .required)
      .field("created_at", .datetime, .required)
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("article_revisions").delete()
  }
}

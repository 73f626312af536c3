import Fluent
import SQLKit

struct CreateArticles: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("articles")
      .field(.id, .int, .identifier(auto: true))
      .field("slug", .string, .required)
      .field("kind", .string, .required)
      .field("program_id", .int, .references("programs", "id"))
      .field("title", .string, .required)
      .field("body_markdown", .string, .required)
      .field("tags", .string, .required)
      .field("f1_context", .string)
      .field("visibility", .string, .required)
      .field("status", .string, .required)
      .field("published_at", .datetime)
      .field("created_at", .datetime, .required)
      .field("updated_at", .datetime, .required)
      .unique(on: "slug")
      .create()
    try await database.sql.create(index: "articles_f1_idx").on("articles")
      .column("program_id").column("f1_context").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("articles").delete()
  }
}

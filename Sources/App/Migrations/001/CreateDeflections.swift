import Fluent

struct CreateDeflections: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("deflections")
      .field(.id, .int, .identifier(auto: true))
      .field("contact_id", .int, .references("contacts", "id"))
      .field("article_id", .int, .references("articles", "id"))
      .field("newsletter_id", .int, .references("newsletters", "id"))
      .field("query", .string, .required)
      .field("created_at", .datetime, .required)
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("deflections").delete()
  }
}

import Fluent

struct CreateNewsletters: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("newsletters")
      .field(.id, .int, .identifier(auto: true))
      .field("slug", .string, .required)
      .field("title", .string, .required)
      .field("body_markdown", .string, .required)
      .field("status", .string, .required)
      .field("published_at", .datetime)
      .field("sent_at", .datetime)
      .field("created_at", .datetime, .required)
      .unique(on: "slug")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("newsletters").delete()
  }
}

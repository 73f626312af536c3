import Fluent
import SQLKit

struct CreateKnowledgeLinks: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("request_knowledge_links")
      .field(.id, .int, .identifier(auto: true))
      .field("request_id", .int, .required, .references("requests", "id"))
      .field("kind", .string, .required)
      .field("item_id", .int, .required)
      .field("title", .string, .required)
      .field("published_at", .datetime, .required)
      .field("linked_by_id", .int, .references("staff_users", "id"))
      .field("linked_at", .datetime, .required)
      .unique(on: "request_id", "kind", "item_id")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("request_knowledge_links").delete()
  }
}

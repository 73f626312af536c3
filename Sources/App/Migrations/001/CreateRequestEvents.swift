import Fluent
import SQLKit

struct CreateRequestEvents: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("request_events")
      .field(.id, .int, .identifier(auto: true))
      .field("request_id", .int, .required, .references("requests", "id"))
      .field("kind", .string, .required)
      .field("at", .datetime, .required)
      .field("actor_kind", .string, .required)
      .field("actor_id", .int)
      .field("actor_name", .string)
      .field("data", .string, .required)
      .field("visible_to_customer", .bool, .required)
      .create()
    try await database.sql.create(index: "request_events_request_idx").on("request_events")
      .column("request_id").column("at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("request_events").delete()
  }
}

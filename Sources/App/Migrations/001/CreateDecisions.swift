import Fluent
import SQLKit

struct CreateDecisions: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("decisions")
      .field(.id, .int, .identifier(auto: true))
      .field("request_id", .int, .required, .references("requests", "id"))
      .field("outcome", .string, .required)
      .field("rules", .string, .required)
      .field("work_can_start_at", .datetime, .required)
      .field("policy_version", .string, .required)
      .field("facts", .string, .required)
      .field("decided_at", .datetime, .required)
      .field("overridden_by_id", .int, .references("staff_users", "id"))
      .field("override_reason", .string)
      .create()
    try await database.sql.create(index: "decisions_request_idx").on("decisions")
      .column("request_id").column("decided_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("decisions").delete()
  }
}

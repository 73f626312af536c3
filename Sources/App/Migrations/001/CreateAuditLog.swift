import Fluent
import SQLKit

struct CreateAuditLog: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("audit_log")
      .field(.id, .int, .identifier(auto: true))
      .field("at", .datetime, .required)
      .field("actor", .string, .required)
      .field("action", .string, .required)
      .field("subject", .string, .required)
      .field("details", .string, .required)
      .field("address", .string)
      .create()
    try await database.sql.create(index: "audit_log_at_idx").on("audit_log").column("at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("audit_log").delete()
  }
}

import Fluent
import SQLKit

struct CreateTimeEntries: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("time_entries")
      .field(.id, .int, .identifier(auto: true))
      .field("request_id", .int, .required, .references("requests", "id"))
      .field("staff_id", .int, .required, .references("staff_users", "id"))
      .field("started_at", .datetime, .required)
      .field("ended_at", .datetime)
      .field("minutes", .int, .required)
      .field("manual", .bool, .required)
      .field("note", .string, .required)
      .create()
    let sql = database.sql
    try await sql.create(index: "time_entries_request_idx").on("time_entries").column("request_id").run()
    try await sql.create(index: "time_entries_staff_idx").on("time_entries").column("staff_id").column("ended_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("time_entries").delete()
  }
}

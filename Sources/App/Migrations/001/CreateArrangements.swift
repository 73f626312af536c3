import Fluent
import SQLKit

struct CreateArrangements: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("arrangements")
      .field(.id, .int, .identifier(auto: true))
      .field("organisation_id", .int, .required, .references("organisations", "id"))
      .field("starts_at", .datetime, .required)
      .field("ends_at", .datetime, .required)
      .field("note", .string, .required)
      .field("created_at", .datetime)
      .create()
    try await database.sql.create(index: "arrangements_organisation_idx").on("arrangements")
      .column("organisation_id").column("ends_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("arrangements").delete()
  }
}

import Fluent
import SQLKit

struct CreateOrganisations: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("organisations")
      .field(.id, .int, .identifier(auto: true))
      .field("name", .string, .required)
      .field("tax_number", .string, .required)
      .field("standing", .string, .required)
      .field("standing_changed_at", .datetime)
      .field("created_at", .datetime)
      .unique(on: "tax_number")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("organisations").delete()
  }
}

import Fluent
import SQLKit

struct CreateContacts: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("contacts")
      .field(.id, .int, .identifier(auto: true))
      .field("organisation_id", .int, .required, .references("organisations", "id"))
      .field("name", .string, .required)
      .field("email", .string, .required)
      .field("phone", .string)
      .field("password_hash", .string)
      .field("role", .string, .required)
      .field("new_colleague", .bool, .required)
      .field("locale", .string, .required)
      .field("created_at", .datetime)
      .unique(on: "email")
      .create()
    try await database.sql.create(index: "contacts_organisation_idx").on("contacts")
      .column("organisation_id").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("contacts").delete()
  }
}

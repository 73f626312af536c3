import Fluent
import SQLKit

struct CreateTrainings: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("trainings")
      .field(.id, .int, .identifier(auto: true))
      .field("contact_id", .int, .required, .references("contacts", "id"))
      .field("program_id", .int, .required, .references("programs", "id"))
      .field("kind", .string, .required)
      .field("completed_on", .string, .required)
      .create()
    try await database.sql.create(index: "trainings_contact_idx").on("trainings")
      .column("contact_id").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("trainings").delete()
  }
}

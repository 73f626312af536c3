import Fluent

struct CreateOrganisationPrograms: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("organisation_programs")
      .field(.id, .int, .identifier(auto: true))
      .field("organisation_id", .int, .required, .references("organisations", "id"))
      .field("program_id", .int, .required, .references("programs", "id"))
      .field("onboarded", .bool, .required)
      .field("settings_in_order", .bool, .required)
      .unique(on: "organisation_id", "program_id")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("organisation_programs").delete()
  }
}

import Fluent

struct CreateContracts: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("contracts")
      .field(.id, .int, .identifier(auto: true))
      .field("organisation_id", .int, .required, .references("organisations", "id"))
      .field("valid_from", .string, .required)
      .field("valid_to", .string)
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("contracts").delete()
  }
}

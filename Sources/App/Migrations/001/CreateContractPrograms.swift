import Fluent

struct CreateContractPrograms: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("contract_programs")
      .field(.id, .int, .identifier(auto: true))
      .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
      .field("program_id", .int, .required, .references("programs", "id"))
      .unique(on: "contract_id", "program_id")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("contract_programs").delete()
  }
}

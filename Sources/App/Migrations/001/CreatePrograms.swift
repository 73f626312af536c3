import Fluent

struct CreatePrograms: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("programs")
      .field(.id, .int, .identifier(auto: true))
      .field("code", .string, .required)
      .field("name_sl", .string, .required)
      .field("name_en", .string, .required)
      .unique(on: "code")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("programs").delete()
  }
}

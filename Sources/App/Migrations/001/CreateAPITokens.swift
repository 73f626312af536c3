import Fluent

struct CreateAPITokens: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("api_tokens")
      .field(.id, .int, .identifier(auto: true))
      .field("name", .string, .required)
      .field("token_hash", .string, .required)
      .field("scope", .string, .required)
      .field("contact_id", .int, .references("contacts", "id"))
      .field("staff_id", .int, .references("staff_users", "id"))
      .field("created_at", .datetime, .required)
      .field("last_used_at", .datetime)
      .field("revoked_at", .datetime)
      .unique(on: "token_hash")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("api_tokens").delete()
  }
}

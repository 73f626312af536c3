import Fluent

struct CreatePasswordResetTokens: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("password_reset_tokens")
      .field(.id, .int, .identifier(auto: true))
      .field("contact_id", .int, .required, .references("contacts", "id"))
      .field("token_hash", .string, .required)
      .field("expires_at", .datetime, .required)
      .field("used_at", .datetime)
      .field("created_at", .datetime, .required)
      .unique(on: "token_hash")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("password_reset_tokens").delete()
  }
}

import Fluent
import SQLKit

/// One-time links that let invited staff set their password; only the token's SHA-256 is stored. A table of its
/// own because the contacts' reset tokens reference contacts.
struct CreateStaffPasswordTokens: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("staff_password_tokens")
      .field(.id, .int, .identifier(auto: true))
      .field("staff_id", .int, .required, .references("staff_users", "id"))
      .field("token_hash", .string, .required)
      .field("expires_at", .datetime, .required)
      .field("used_at", .datetime)
      .field("created_at", .datetime, .required)
      .unique(on: "token_hash")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("staff_password_tokens").delete()
  }
}

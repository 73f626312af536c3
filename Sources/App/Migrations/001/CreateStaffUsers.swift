import Fluent

struct CreateStaffUsers: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("staff_users")
      .field(.id, .int, .identifier(auto: true))
      .field("name", .string, .required)
      .field("email", .string, .required)
      .field("password_hash", .string, .required)
      .field("role", .string, .required)
      .field("presence", .string, .required)
      .field("locale", .string, .required)
      .field("active", .bool, .required)
      .field("created_at", .datetime)
      .unique(on: "email")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("staff_users").delete()
  }
}

import Fluent

struct CreateSubscribers: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("subscribers")
      .field(.id, .int, .identifier(auto: true))
      .field("email", .string, .required)
      .field("token", .string, .required)
      .field("confirmed_at", .datetime)
      .field("unsubscribed_at", .datetime)
      .field("created_at", .datetime, .required)
      .unique(on: "email")
      .unique(on: "token")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("subscribers").delete()
  }
}

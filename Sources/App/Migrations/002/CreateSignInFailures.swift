import Fluent
import SQLKit

struct CreateSignInFailures: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("sign_in_failures")
      .field(.id, .int, .identifier(auto: true))
      .field("account", .string, .required)
      .field("address", .string, .required)
      .field("at", .datetime, .required)
      .create()
    try await database.sql.create(index: "sign_in_failures_account_idx").on("sign_in_failures")
      .column("account").column("at").run()
    try await database.sql.create(index: "sign_in_failures_address_idx").on("sign_in_failures")
      .column("address").column("at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("sign_in_failures").delete()
  }
}

import Fluent
import SQLKit

struct CreateMessages: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("messages")
      .field(.id, .int, .identifier(auto: true))
      .field("request_id", .int, .required, .references("requests", "id"))
      .field("author_kind", .string, .required)
      .field("author_id", .int)
      .field("author_name", .string, .required)
      .field("visibility", .string, .required)
      .field("body", .string, .required)
      .field("mail_message_id", .string)
      .field("created_at", .datetime, .required)
      .create()
    let sql = database.sql
    try await sql.create(index: "messages_request_idx").on("messages").column("request_id").column("created_at").run()
    try await sql.create(index: "messages_mail_message_id_idx").on("messages").column("mail_message_id").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("messages").delete()
  }
}

import Fluent
import SQLKit

struct CreateOutboxMessages: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("outbox_messages")
      .field(.id, .int, .identifier(auto: true))
      .field("kind", .string, .required)
      .field("recipient", .string, .required)
      .field("subject", .string, .required)
      .field("body_text", .string, .required)
      .field("body_html", .string)
      .field("message_id", .string, .required)
      .field("in_reply_to", .string)
      .field("references", .string, .required)
      .field("headers", .string, .required)
      .field("request_id", .int, .references("requests", "id"))
      .field("status", .string, .required)
      .field("attempts", .int, .required)
      .field("next_attempt_at", .datetime, .required)
      .field("claimed_until", .datetime)
      .field("last_error", .string)
      .field("created_at", .datetime, .required)
      .field("sent_at", .datetime)
      .unique(on: "message_id")
      .create()
    try await database.sql.create(index: "outbox_messages_due_idx").on("outbox_messages")
      .column("status").column("next_attempt_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("outbox_messages").delete()
  }
}

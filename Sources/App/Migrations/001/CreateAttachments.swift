import Fluent
import SQLKit

struct CreateAttachments: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("attachments")
      .field(.id, .int, .identifier(auto: true))
      .field("request_id", .int, .required, .references("requests", "id"))
      .field("message_id", .int, .references("messages", "id"))
      .field("filename", .string, .required)
      .field("content_type", .string, .required)
      .field("size", .int, .required)
      .field("storage_name", .string, .required)
      .field("sha256", .string, .required)
      .field("created_at", .datetime, .required)
      .unique(on: "storage_name")
      .create()
    try await database.sql.create(index: "attachments_request_idx").on("attachments")
      .column("request_id").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("attachments").delete()
  }
}

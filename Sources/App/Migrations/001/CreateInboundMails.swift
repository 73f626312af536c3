import Fluent

struct CreateInboundMails: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("inbound_mails")
      .field(.id, .int, .identifier(auto: true))
      .field("raw", .data, .required)
      .field("received_at", .datetime, .required)
      .field("status", .string, .required)
      .field("sender", .string)
      .field("subject", .string)
      .field("request_id", .int, .references("requests", "id"))
      .field("note", .string)
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("inbound_mails").delete()
  }
}

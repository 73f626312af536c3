import Fluent
import SQLKit

/// The e-mail intake acknowledges a sender at most once an hour, so every new mail counts the acknowledgements sent
/// to that address in the last hour. The outbox keeps every mail ever sent (about one per request and step), so
/// without an index that count read the whole outbox on each incoming mail.
struct CreateOutboxRecipientIndex: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.sql.create(index: "outbox_messages_recipient_idx").on("outbox_messages")
      .column("recipient").column("kind").column("created_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.sql.drop(index: "outbox_messages_recipient_idx").run()
  }
}

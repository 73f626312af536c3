import Fluent
import SQLKit

/// One row per newsletter issue and subscriber it was queued for, written in the same transaction as the
/// outbox message: a send that stops half-way continues where it stopped and never mails anyone twice.
struct CreateNewsletterDeliveries: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("newsletter_deliveries")
      .field(.id, .int, .identifier(auto: true))
      .field("newsletter_id", .int, .required, .references("newsletters", "id"))
      .field("subscriber_id", .int, .required, .references("subscribers", "id"))
      .field("outbox_message_id", .int, .references("outbox_messages", "id"))
      .field("created_at", .datetime, .required)
      .unique(on: "newsletter_id", "subscriber_id")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("newsletter_deliveries").delete()
  }
}

import Fluent
import SQLKit

/// When the last confirmation mail went to a pending subscriber, so the public form cannot be used to
/// flood someone's inbox: a new one goes at most every ten minutes.
struct AddSubscriberConfirmationSentAt: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("subscribers").field("confirmation_sent_at", .datetime).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("subscribers").deleteField("confirmation_sent_at").update()
  }
}

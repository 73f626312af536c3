import Fluent
import SQLKit

/// A customer's dispute of one charge and the supervisor's outcome. One per item: the outcome is final.
struct CreateBillingDisputes: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("billing_disputes")
      .field(.id, .int, .identifier(auto: true))
      .field("billable_item_id", .int, .required, .references("billable_items", "id"))
      .field("contact_id", .int, .required, .references("contacts", "id"))
      .field("reason", .string, .required)
      .field("filed_at", .datetime, .required)
      .field("outcome", .string)
      .field("outcome_note", .string)
      .field("decided_by_id", .int, .references("staff_users", "id"))
      .field("decided_at", .datetime)
      .unique(on: "billable_item_id")
      .create()
    try await database.sql.create(index: "billing_disputes_open_idx").on("billing_disputes").column("decided_at")
      .column("filed_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("billing_disputes").delete()
  }
}

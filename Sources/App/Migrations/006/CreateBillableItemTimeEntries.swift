import Fluent
import SQLKit

/// Which time entries each billable item charged. The unique time entry makes billing the same minutes twice
/// (resolve, reopen, resolve again) impossible in the database itself, not only in the code.
struct CreateBillableItemTimeEntries: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("billable_item_time_entries")
      .field(.id, .int, .identifier(auto: true))
      .field("billable_item_id", .int, .required, .references("billable_items", "id"))
      .field("time_entry_id", .int, .required, .references("time_entries", "id"))
      .unique(on: "time_entry_id")
      .create()
    try await database.sql.create(index: "billable_item_time_entries_item_idx").on("billable_item_time_entries")
      .column("billable_item_id").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("billable_item_time_entries").delete()
  }
}

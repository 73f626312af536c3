import Fluent
import SQLKit

/// Which policy version's price list priced an item, so a charge can be traced to the rates then in force.
/// Optional because items made before this migration did not record it.
struct AddBillableItemPolicyVersion: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("billable_items").field("policy_version", .string).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("billable_items").deleteField("policy_version").update()
  }
}

import Fluent
import SQLKit

/// Contacts can be deactivated in the back office: a person who left the customer keeps their history but can no
/// longer sign in. Existing contacts stay active.
struct AddContactActive: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("contacts").field("active", .bool, .required, .sql(.default(true))).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("contacts").deleteField("active").update()
  }
}

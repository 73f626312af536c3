import Fluent
import SQLKit

/// A contact's session generation: each session records the generation it was opened in, and a password reset
/// moves the contact to the next one, which ends every other session at once. Sessions are Vapor's, stored as
/// opaque data, so they cannot be looked up per person; the number makes that unnecessary. NULL is generation 0,
/// the one every existing contact and session is in.
struct AddContactSessionGeneration: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("contacts").field("session_generation", .int).update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("contacts").deleteField("session_generation").update()
  }
}

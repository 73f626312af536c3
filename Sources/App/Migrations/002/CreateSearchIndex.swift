import Fluent
import SQLKit

/// The full-text index over articles, tips, newsletter issues and requests, with the triggers that keep it
/// in sync with every writer; indexes what is already stored. See `SearchIndex`.
struct CreateSearchIndex: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await SearchIndexes.for(database).createSchema(on: database.sql)
  }

  func revert(on database: any Database) async throws {
    try await SearchIndexes.for(database).dropSchema(on: database.sql)
  }
}

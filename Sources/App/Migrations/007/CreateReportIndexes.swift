import Fluent
import SQLKit

/// The supervisors' reports read requests by when they were filed, accepted and resolved, and deflections by
/// when they happened, one period at a time; these indexes keep each period a range scan on a million rows.
/// `requests_resolved_idx` also serves the waiting-list estimate, which averages the handling time of the last 30
/// days' resolutions on every filing (a full scan of `time_entries` without it: 138 ms at 100,000 requests on
/// SQLite, 1 ms with it; docs/PERFORMANCE.md).
struct CreateReportIndexes: AsyncMigration {
  static let indexes: [(name: String, table: String, column: String)] = [
    ("requests_submitted_idx", "requests", "submitted_at"),
    ("requests_accepted_idx", "requests", "accepted_at"),
    ("requests_resolved_idx", "requests", "resolved_at"),
    ("deflections_created_idx", "deflections", "created_at"),
  ]

  func prepare(on database: any Database) async throws {
    for index in Self.indexes {
      try await database.sql.create(index: SQLIdentifier(index.name)).on(index.table).column(index.column).run()
    }
  }

  func revert(on database: any Database) async throws {
    for index in Self.indexes {
      try await database.sql.drop(index: SQLIdentifier(index.name)).run()
    }
  }
}

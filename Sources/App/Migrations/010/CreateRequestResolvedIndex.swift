import Fluent
import SQLKit

/// The waiting-list estimate averages the handling time of requests resolved in the last 30 days, on every filing
/// and every page of a waiting request. Without an index on `resolved_at` that read every time entry (a full scan of
/// `time_entries` joined to `requests`: 138 ms at 100,000 requests on SQLite); with it, only the last month's
/// resolutions are read (1 ms). docs/PERFORMANCE.md.
struct CreateRequestResolvedIndex: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.sql.create(index: "requests_resolved_idx").on("requests").column("resolved_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.sql.drop(index: "requests_resolved_idx").run()
  }
}

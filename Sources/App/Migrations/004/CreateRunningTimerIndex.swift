import Fluent
import SQLKit

/// At most one running timer per member of staff: starting a timer stops the running one in the same transaction,
/// and this index makes two concurrent starts fail instead of leaving two timers running.
struct CreateRunningTimerIndex: AsyncMigration {
  func prepare(on database: any Database) async throws {
    // Partial unique indexes read the same on SQLite and PostgreSQL.
    try await database.sql.raw(
      "CREATE UNIQUE INDEX time_entries_one_running_idx ON time_entries (staff_id) WHERE ended_at IS NULL"
    ).run()
  }

  func revert(on database: any Database) async throws {
    try await database.sql.raw("DROP INDEX time_entries_one_running_idx").run()
  }
}

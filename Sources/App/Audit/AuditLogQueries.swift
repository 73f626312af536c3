import Fluent
import Foundation

/// The audit log for the admin page: newest first, in pages that stay stable while new entries arrive (keyset
/// pagination on the id, never an offset).
enum AuditLogQueries {
  static let pageSize = 50

  struct Page: Sendable {
    var entries: [AuditEntry]
    /// The id to pass as `before` for the next (older) page, when there is one.
    var nextBefore: Int?
  }

  static func page(before: Int?, size: Int = pageSize, on db: any Database) async throws -> Page {
    var query = AuditEntry.query(on: db).sort(\.$id, .descending).limit(size + 1)
    if let before { query = query.filter(\.$id < before) }
    let rows = try await query.all()
    let entries = Array(rows.prefix(size))
    return Page(entries: entries, nextBefore: rows.count > size ? entries.last?.id : nil)
  }
}

import Fluent
import Foundation
import SQLKit
import SupportPolicy

/// Reads the waiting list from the database and orders it with the policy engine's pure function.
enum WaitingListQueries {
  /// Used until enough requests were resolved to measure it: a typical short question.
  static let defaultHandlingSeconds = 20 * 60

  /// Every request waiting to be accepted, as waiting-list entries (one indexed query, no per-row loads).
  static func entries(on db: any Database) async throws -> [WaitingListEntry<Int>] {
    let rows = try await entriesQuery(on: db.sql).all()
    return try rows.map { row in
      WaitingListEntry(
        id: try row.decode(column: "id", as: Int.self),
        channel: RequestFacts.Channel(
          RequestChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .portal),
        submittedAt: try row.decode(column: "submitted_at", as: Date.self),
        arrangedAt: try row.decodeNil(column: "arranged_at")
          ? nil : try row.decode(column: "arranged_at", as: Date.self))
    }
  }

  /// The waiting requests (take-next and the waiting list read them all; the query-plan tests EXPLAIN this).
  static func entriesQuery(on sql: any SQLDatabase) -> SQLSelectBuilder {
    sql.select()
      .columns("id", "channel", "submitted_at", "arranged_at")
      .from(SupportRequest.schema)
      .where("status", .equal, RequestStatus.waiting.rawValue)
  }

  static func ordered(now: Date, policy: PolicyStore, on db: any Database) async throws -> [WaitingListEntry<Int>] {
    WaitingList.order(
      try await entries(on: db), now: now, calendar: policy.calendar,
      promotionAfterSeconds: policy.configuration.promotionAfterSupportSeconds)
  }

  static func agentsOnDuty(on db: any Database) async throws -> Int {
    try await StaffUser.query(on: db).filter(\.$presence == .onDuty).filter(\.$active == true).count()
  }

  /// The mean handling time of requests resolved in the last 30 days (the latest `handlingSample`), in seconds.
  static func averageHandlingSeconds(now: Date, on db: any Database) async throws -> Int {
    let row = try await db.sql.raw(averageHandlingQuery(now: now)).first()
    let requests = try row?.decode(column: "requests", as: Int.self) ?? 0
    let minutes = try row?.decode(column: "minutes", as: Int.self) ?? 0
    guard requests > 0, minutes > 0 else { return defaultHandlingSeconds }
    return minutes * 60 / requests
  }

  /// The average is taken over at most this many of the latest resolutions: plenty for an estimate, and it keeps the
  /// query's cost flat. Over all of a month's resolutions (21,000 at a million requests) PostgreSQL chose to hash-join
  /// the whole `time_entries` table: 330 ms on every filing and every page of a waiting request (docs/PERFORMANCE.md).
  static let handlingSample = 500

  /// Time logged on the latest requests resolved in the last 30 days (the query-plan tests EXPLAIN this).
  static func averageHandlingQuery(now: Date) -> SQLQueryString {
    """
    SELECT COUNT(DISTINCT t.request_id) AS requests, CAST(COALESCE(SUM(t.minutes), 0) AS BIGINT) AS minutes
    FROM (SELECT id FROM requests WHERE resolved_at IS NOT NULL AND resolved_at > \(bind: now - 30 * 86_400)
          ORDER BY resolved_at DESC LIMIT \(bind: handlingSample)) r
    JOIN time_entries t ON t.request_id = r.id
    WHERE t.ended_at IS NOT NULL
    """
  }

  /// A request's place on the waiting list and its estimated start, or nil when it is not waiting.
  static func position(
    of requestID: Int, now: Date, policy: PolicyStore, on db: any Database
  ) async throws
    -> WaitingListPosition?
  {
    let ordered = try await ordered(now: now, policy: policy, on: db)
    guard ordered.contains(where: { $0.id == requestID }) else { return nil }
    return WaitingList.position(
      of: requestID, in: ordered, now: now, agentsOnDuty: try await agentsOnDuty(on: db),
      averageHandlingSeconds: try await averageHandlingSeconds(now: now, on: db), calendar: policy.calendar)
  }
}

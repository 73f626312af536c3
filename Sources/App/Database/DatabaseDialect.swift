import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// The few places where SQLite and PostgreSQL differ, kept behind one protocol so the rest of the app
/// writes portable Fluent/SQLKit code.
public protocol DatabaseDialect: Sendable {
  var name: String { get }
  /// Runs `body` as a transaction that writes. SQLite allows one writer at a time, so the SQLite dialect
  /// serialises writers in-process instead of letting a deferred transaction fail on lock upgrade.
  func writeTransaction<T: Sendable>(
    on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
  ) async throws -> T
  /// `FOR UPDATE SKIP LOCKED` where the database has row locks; empty where the single writer already excludes others.
  var claimLockClause: String { get }
  /// `FOR UPDATE` where the database has row locks: a change to one request waits for another change to it to
  /// commit instead of overwriting it. Empty on SQLite, where `writeTransaction` already runs one writer at a time.
  var rowLockClause: String { get }
  /// `WITH … n(i) AS (…)`: a common table expression `n` with one row per integer `from...to`, for generating data
  /// in the database (`podpora seed-load`) instead of sending every row over the connection.
  func rowSeries(from: Int, to: Int) -> SQLQueryString
  /// The column value of an instant given as Unix seconds: SQLite stores instants as REAL seconds, PostgreSQL as
  /// `timestamptz`.
  func instant(fromUnixSeconds seconds: SQLQueryString) -> SQLQueryString
  /// After rows were inserted with explicit ids: moves the table's id generator past them.
  func resetIdentity(of table: String, on sql: any SQLDatabase) async throws
  /// The planner's plan for `query`, one line per step (`EXPLAIN QUERY PLAN` / `EXPLAIN`). On PostgreSQL the plan is
  /// taken with sequential scans disabled, so a small test table shows whether an index *can* serve the query: a
  /// sequential scan that remains means no index fits.
  func plan(of query: any SQLExpression, on db: any Database) async throws -> [String]
  /// Whether a plan from `plan(of:on:)` reads every row of `table`.
  func readsWholeTable(_ table: String, plan: [String]) -> Bool
  /// Settings of the database itself (not of one connection), made before migrations run.
  func prepare(_ db: any Database) async throws
  /// The full-text index implementation for this database.
  static var searchIndex: any SearchIndex { get }
}

extension DatabaseDialect {
  /// The full-text index implementation for this database.
  var searchIndex: any SearchIndex { Self.searchIndex }

  /// `SELECT id FROM table WHERE id = … [AND condition]` with the row lock: `FOR UPDATE`, or with `skipLocked`
  /// `FOR UPDATE SKIP LOCKED` (a row another transaction holds is left out instead of waited for).
  func rowLockQuery(
    table: String, id: Int, where condition: SQLQueryString? = nil, skipLocked: Bool = false
  ) -> SQLQueryString {
    var query: SQLQueryString = "SELECT id FROM \(ident: table) WHERE id = \(bind: id)"
    if let condition { query = query + " AND " + condition }
    return query + " \(unsafeRaw: skipLocked ? claimLockClause : rowLockClause)"
  }

  /// Locks the row of `model` with `id` until the transaction ends, so a change to it waits for another change to it
  /// to commit instead of overwriting it, and loads it. Nil when there is no such row, when it does not meet
  /// `condition`, or (`skipLocked`) when another transaction holds it.
  func lockRow<M: Model>(
    _ model: M.Type, id: Int, where condition: SQLQueryString? = nil, skipLocked: Bool = false, on db: any Database
  ) async throws -> M? where M.IDValue == Int {
    let rows = try await db.sql.raw(rowLockQuery(table: M.schema, id: id, where: condition, skipLocked: skipLocked))
      .all()
    guard !rows.isEmpty else { return nil }
    return try await M.find(id, on: db)
  }
}

/// The dialect type of the database `sql` talks to, for code that has a connection but not the application (the
/// search-index migration).
func dialectType(of sql: any SQLDatabase) -> any DatabaseDialect.Type {
  sql.dialect.name == "postgresql" ? PostgresDialect.self : SQLiteDialect.self
}

/// `prefix` followed by a query, with the query's binds kept (EXPLAIN of a query built by Fluent or SQLKit).
struct PrefixedQuery: SQLExpression {
  var prefix: String
  var query: any SQLExpression
  func serialize(to serializer: inout SQLSerializer) {
    serializer.write(prefix)
    serializer.write(" ")
    query.serialize(to: &serializer)
  }
}

extension DatabaseDialect {
  /// The lines of a plan query's rows, whatever the columns are called.
  fileprivate func planLines(
    _ query: any SQLExpression, column: String, on sql: any SQLDatabase
  ) async throws -> [String] {
    let lines = LockedLines()
    try await sql.execute(sql: query) { row in
      lines.append((try? row.decode(column: column, as: String.self)) ?? "")
    }
    return lines.all
  }
}

/// Collects rows delivered on the database's thread.
final class LockedLines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ line: String) { lock.withLock { lines.append(line) } }
  var all: [String] { lock.withLock { lines } }
}

public struct SQLiteDialect: DatabaseDialect {
  let writers: WriterGate
  public init() { writers = WriterGate() }
  public var name: String { "sqlite" }
  public var claimLockClause: String { "" }
  public var rowLockClause: String { "" }
  public static var searchIndex: any SearchIndex { SQLiteSearchIndex() }

  /// How long a connection waits for another process's write lock before it fails with SQLITE_BUSY.
  static let busyTimeoutMilliseconds = 5000
  /// Run on every connection before its first use: SQLite keeps these per connection. (Foreign keys are switched on
  /// per connection by sqlite-kit's `enableForeignKeys`, on by default.)
  static let connectionStatements = ["PRAGMA busy_timeout = \(busyTimeoutMilliseconds)"]

  /// The driver configuration for `storage`, with `connectionStatements` run on each connection of the pool.
  static func configuration(_ storage: SQLiteConfiguration) -> DatabaseConfigurationFactory {
    let base = DatabaseConfigurationFactory.sqlite(storage, sqlLogLevel: .debug)
    return DatabaseConfigurationFactory { SQLiteConnectionSetup(base: base.make(), statements: connectionStatements) }
  }

  public func prepare(_ db: any Database) async throws {
    // WAL lets readers run beside the one writer. The journal mode is stored in the database file, so setting it once
    // holds for every connection.
    try await db.sql.raw("PRAGMA journal_mode=WAL").run()
  }

  public func rowSeries(from: Int, to: Int) -> SQLQueryString {
    "WITH RECURSIVE n(i) AS (SELECT \(bind: from) UNION ALL SELECT i + 1 FROM n WHERE i < \(bind: to))"
  }

  public func instant(fromUnixSeconds seconds: SQLQueryString) -> SQLQueryString { "(" + seconds + ")" }

  public func resetIdentity(of table: String, on sql: any SQLDatabase) async throws {
    // AUTOINCREMENT tables record the largest id inserted, explicit ones included.
  }

  public func plan(of query: any SQLExpression, on db: any Database) async throws -> [String] {
    try await planLines(PrefixedQuery(prefix: "EXPLAIN QUERY PLAN", query: query), column: "detail", on: db.sql)
  }

  public func readsWholeTable(_ table: String, plan: [String]) -> Bool {
    // "SEARCH requests USING INDEX …" reads what an index selects; any "SCAN requests…" (plain, or in the order of
    // an index, or of a covering index) reads every row or every index entry of the table.
    plan.contains { $0 == "SCAN \(table)" || $0.hasPrefix("SCAN \(table) ") }
  }

  public func writeTransaction<T: Sendable>(
    on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
  ) async throws -> T {
    try await writers.run {
      try await db.transaction { db in
        // Take the write lock first. A transaction that reads first and writes later must upgrade its read snapshot,
        // and when any other connection (a session save, the outbox worker) wrote in between, SQLite refuses with
        // SQLITE_BUSY_SNAPSHOT at once, which the busy timeout cannot wait out: under 20 concurrent take-nexts
        // that failed requests (docs/PERFORMANCE.md). A write that changes nothing still takes the lock.
        try await db.sql.raw("UPDATE request_number_counters SET last_value = last_value WHERE 1 = 0").run()
        return try await body(db)
      }
    }
  }
}

public struct PostgresDialect: DatabaseDialect {
  public init() {}
  public var name: String { "postgres" }
  public var claimLockClause: String { "FOR UPDATE SKIP LOCKED" }
  public var rowLockClause: String { "FOR UPDATE" }
  public static var searchIndex: any SearchIndex { PostgresSearchIndex() }

  public func prepare(_ db: any Database) async throws {}

  public func rowSeries(from: Int, to: Int) -> SQLQueryString {
    "WITH n(i) AS (SELECT generate_series(\(bind: from)::bigint, \(bind: to)::bigint))"
  }

  public func instant(fromUnixSeconds seconds: SQLQueryString) -> SQLQueryString {
    "to_timestamp(" + seconds + ")"
  }

  public func resetIdentity(of table: String, on sql: any SQLDatabase) async throws {
    try await sql.raw(
      """
      SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), (SELECT COALESCE(max(id), 1) FROM \(ident: table)))
      """
    ).run()
  }

  public func plan(of query: any SQLExpression, on db: any Database) async throws -> [String] {
    try await db.transaction { db in
      // SET LOCAL lasts until the end of this transaction, on this connection only.
      try await db.sql.raw("SET LOCAL enable_seqscan = off").run()
      return try await planLines(PrefixedQuery(prefix: "EXPLAIN", query: query), column: "QUERY PLAN", on: db.sql)
    }
  }

  public func readsWholeTable(_ table: String, plan: [String]) -> Bool {
    plan.contains { $0.contains("Seq Scan on \(table) ") || $0.hasSuffix("Seq Scan on \(table)") }
  }

  public func writeTransaction<T: Sendable>(
    on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
  ) async throws -> T {
    try await db.transaction { try await body($0) }
  }
}

/// A FIFO async mutex: one writer runs at a time, the rest wait in order.
actor WriterGate {
  private var busy = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    await acquire()
    defer { release() }
    return try await body()
  }

  private func acquire() async {
    if !busy {
      busy = true
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  private func release() {
    if waiters.isEmpty {
      busy = false
    } else {
      waiters.removeFirst().resume()
    }
  }
}

extension Application {
  private struct DialectKey: StorageKey { typealias Value = any DatabaseDialect }

  public var dialect: any DatabaseDialect {
    get {
      guard let dialect = storage[DialectKey.self] else { fatalError("configure(_:) has not set the database dialect") }
      return dialect
    }
    set { storage[DialectKey.self] = newValue }
  }
}

extension Request {
  public var dialect: any DatabaseDialect { application.dialect }
}

import FluentKit
import FluentSQLiteDriver
import Foundation
import NIOCore
import SQLKit

/// Runs per-connection statements (`PRAGMA busy_timeout`) on every SQLite connection of the pool before its first use.
///
/// SQLite keeps such settings per connection, and the pool opens one connection per event loop, lazily. Running a
/// `PRAGMA` once through the pool therefore reaches whichever connection served that one query; the others keep
/// SQLiteNIO's default busy handler. sqlite-kit 4.5 offers no hook when it opens a connection (only
/// `enableForeignKeys`), so this wraps the driver: before each operation it leases the event loop's connection and
/// runs the statements on it if they have not run there yet.
struct SQLiteConnectionSetup: DatabaseConfiguration {
  var base: any DatabaseConfiguration
  var statements: [String]

  var middleware: [any AnyModelMiddleware] {
    get { base.middleware }
    set { base.middleware = newValue }
  }

  func makeDriver(for databases: Databases) -> any DatabaseDriver {
    Driver(base: base.makeDriver(for: databases), connections: PreparedConnections(statements: statements))
  }

  struct Driver: DatabaseDriver {
    let base: any DatabaseDriver
    let connections: PreparedConnections

    func makeDatabase(with context: DatabaseContext) -> any Database {
      PreparingDatabase(base: base.makeDatabase(with: context), connections: connections)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
  }
}

/// The connections that have had the statements run, held weakly: a connection the pool closed and replaced is a new
/// object and is prepared again.
final class PreparedConnections: @unchecked Sendable {
  let statements: [String]
  private let lock = NSLock()
  private var prepared: [ObjectIdentifier: WeakConnection] = [:]

  private final class WeakConnection {
    weak var connection: SQLiteConnection?
    init(_ connection: SQLiteConnection) { self.connection = connection }
  }

  init(statements: [String]) { self.statements = statements }

  /// Runs the statements on `database`'s connection unless they have run on it already. Only one operation leases a
  /// connection at a time, so a connection is never prepared twice concurrently.
  func prepare(_ database: any Database) -> EventLoopFuture<Void> {
    guard let sqlite = database as? any SQLiteDatabase else { return database.eventLoop.makeSucceededVoidFuture() }
    return sqlite.withConnection { connection in
      let key = ObjectIdentifier(connection)
      let isPrepared = self.lock.withLock { self.prepared[key]?.connection === connection }
      guard !isPrepared else { return connection.eventLoop.makeSucceededVoidFuture() }
      return connection.eventLoop.makeFutureWithTask {
        for statement in self.statements { _ = try await connection.query(statement) }
        self.lock.withLock {
          self.prepared = self.prepared.filter { $0.value.connection != nil }
          self.prepared[key] = WeakConnection(connection)
        }
      }
    }
  }
}

/// The pool's database, with every operation run after `PreparedConnections` has prepared the event loop's connection.
///
/// fluent-sqlite-driver keeps exactly one connection per event loop, so the operation, run through the driver's own
/// database as before (its query log still goes to the request's logger), gets the connection just prepared.
/// `withConnection` hands its closure the prepared connection itself.
struct PreparingDatabase: Database, SQLDatabase {
  let base: any Database
  let connections: PreparedConnections

  var context: DatabaseContext { base.context }
  var inTransaction: Bool { base.inTransaction }
  var logger: Logger { base.logger }
  var eventLoop: any EventLoop { base.eventLoop }
  var dialect: any SQLDialect { base.sql.dialect }
  var version: (any SQLDatabaseReportedVersion)? { base.sql.version }
  var queryLogLevel: Logger.Level? { base.sql.queryLogLevel }

  private func prepared<T>(_ operation: @escaping @Sendable () -> EventLoopFuture<T>) -> EventLoopFuture<T> {
    base.withConnection { connections.prepare($0) }.flatMap { operation() }
  }

  func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
    base.withConnection { connection in
      connections.prepare(connection).flatMap { closure(connection) }
    }
  }

  func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
    prepared { base.transaction(closure) }
  }

  func execute(
    query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void
  ) -> EventLoopFuture<Void> {
    prepared { base.execute(query: query, onOutput: onOutput) }
  }

  func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
    prepared { base.execute(schema: schema) }
  }

  func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
    prepared { base.execute(enum: `enum`) }
  }

  func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void>
  {
    prepared { base.sql.execute(sql: query, onRow) }
  }
}

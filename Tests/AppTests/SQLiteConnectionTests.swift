import Fluent
import FluentSQLiteDriver
import Foundation
import NIOPosix
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("SQLite: every connection of the pool is set up when it opens")
struct SQLiteConnectionTests {
  static let connections = 4

  @Test(
    "PRAGMA busy_timeout is set on every connection of the pool, not only on the one a PRAGMA went through",
    .enabled(if: TestDatabase.kind == "sqlite", "the pragma is SQLite's"))
  func busyTimeoutOnEveryConnection() async throws {
    // The pool opens one connection per event loop; four loops held at once make four distinct connections.
    let loops = MultiThreadedEventLoopGroup(numberOfThreads: Self.connections)
    let database = try await TestDatabase.fresh()
    let app = try await Application.make(.testing, .shared(loops))
    do {
      try await configure(app, configuration: TestApp.configuration(database: database.location))
      try await prepareDatabase(app, seedDemoWhenEmpty: false)
      let arrived = Arrivals()
      let held = try await withThrowingTaskGroup(of: (ObjectIdentifier, Int?).self) { group in
        for loop in loops.makeIterator() {
          group.addTask {
            let db = try #require(app.databases.database(.sqlite, logger: app.logger, on: loop))
            return try await db.withConnection { connection in
              // Keep this connection until every task holds one, so the pool cannot hand one out twice.
              await arrived.arriveAndWait(for: Self.connections)
              let row = try await connection.sql.raw("PRAGMA busy_timeout").first()
              let timeout = try row.flatMap { row in
                try row.allColumns.first.map { try row.decode(column: $0, as: Int.self) }
              }
              let sqlite = try #require(connection as? any SQLiteDatabase)
              return (try await sqlite.withConnection { ObjectIdentifier($0) }, timeout)
            }
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(Set(held.map(\.0)).count == Self.connections, "distinct connections")
      #expect(held.map(\.1) == Array(repeating: SQLiteDialect.busyTimeoutMilliseconds, count: Self.connections))
    } catch {
      try await app.asyncShutdown()
      await database.drop()
      try? await loops.shutdownGracefully()
      throw error
    }
    try await app.asyncShutdown()
    await database.drop()
    try await loops.shutdownGracefully()
  }
}

/// A barrier: each caller waits until `count` callers have arrived (or ten seconds have passed, so a pool that hands
/// out fewer connections fails the test's distinctness check instead of hanging it).
actor Arrivals {
  private var arrived = 0

  func arriveAndWait(for count: Int) async {
    arrived += 1
    let deadline = ContinuousClock.now + .seconds(10)
    while arrived < count && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(10))
    }
  }
}

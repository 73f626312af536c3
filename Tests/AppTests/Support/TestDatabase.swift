import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Which database the persistence tests run on, chosen by the test command:
/// `PODPORA_TEST_DATABASE=sqlite` (default) or `postgres` with `PODPORA_TEST_POSTGRES_URL` naming an
/// administrative connection. A PostgreSQL run without a reachable server fails; it never skips.
enum TestDatabase {
  static var kind: String { ProcessInfo.processInfo.environment["PODPORA_TEST_DATABASE"] ?? "sqlite" }

  /// A fresh, migrated database for one test. SQLite: a new temporary file. PostgreSQL: a new database
  /// copied from a template that was migrated once per test run.
  static func fresh() async throws -> (location: AppConfiguration.DatabaseLocation, drop: @Sendable () async -> Void) {
    switch kind {
    case "postgres":
      let admin = try adminURL()
      let name = try await PostgresTemplate.shared.copy()
      let url = databaseURL(admin, name: name)
      return (
        .postgres(url: url),
        { try? await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", adminURL: admin) }
      )
    default:
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent("podpora-tests", isDirectory: true)
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let path = directory.appendingPathComponent("\(UUID().uuidString).sqlite").path
      return (
        .sqliteFile(path: path),
        {
          for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
      )
    }
  }

  static func adminURL() throws -> String {
    guard let url = ProcessInfo.processInfo.environment["PODPORA_TEST_POSTGRES_URL"], !url.isEmpty else {
      throw TestSetupError("PODPORA_TEST_DATABASE=postgres needs PODPORA_TEST_POSTGRES_URL (scripts/test sets it)")
    }
    return url
  }

  static func databaseURL(_ adminURL: String, name: String) -> String {
    var components = URLComponents(string: adminURL)!
    components.path = "/" + name
    return components.string!
  }
}

struct TestSetupError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Runs single administrative statements (CREATE/DROP DATABASE) on the cluster's admin database.
enum PostgresAdmin {
  static func execute(_ statement: String, adminURL: String) async throws {
    let app = try await Application.make(.testing)
    do {
      app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: adminURL)), as: .psql)
      try await app.db.sql.raw(SQLQueryString(statement)).run()
    } catch {
      try await app.asyncShutdown()
      throw TestSetupError("\(statement): \(String(reflecting: error))")
    }
    try await app.asyncShutdown()
  }
}

/// Migrates one template database per test process; every test then copies it, which is much faster than
/// migrating each test's database.
actor PostgresTemplate {
  static let shared = PostgresTemplate()
  private var creation: Task<String, any Error>?

  /// Copies the template into a new database. PostgreSQL refuses two copies of one template at once, so
  /// the copies are made one after the other here.
  func copy() async throws -> String {
    let template = try await name()
    let name = "podpora_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
    try await PostgresAdmin.execute(
      "CREATE DATABASE \(name) TEMPLATE \(template)", adminURL: try TestDatabase.adminURL())
    return name
  }

  /// Actors are re-entrant across `await`, so the one creation is kept as a task every caller awaits.
  func name() async throws -> String {
    if let creation { return try await creation.value }
    let task = Task { try await Self.createTemplate() }
    creation = task
    return try await task.value
  }

  private static func createTemplate() async throws -> String {
    let admin = try TestDatabase.adminURL()
    let name = "podpora_template_\(ProcessInfo.processInfo.processIdentifier)"
    try await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", adminURL: admin)
    try await PostgresAdmin.execute("CREATE DATABASE \(name)", adminURL: admin)
    let app = try await Application.make(.testing)
    do {
      var configuration = try TestApp.configuration(
        database: .postgres(url: TestDatabase.databaseURL(admin, name: name)))
      configuration.logLevel = .warning
      try await configure(app, configuration: configuration)
      try await app.autoMigrate()
    } catch {
      try await app.asyncShutdown()
      throw error
    }
    try await app.asyncShutdown()
    return name
  }
}

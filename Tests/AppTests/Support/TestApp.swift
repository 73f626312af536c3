import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// A configured app on a fresh, migrated database, with a fixed clock.
enum TestApp {
  /// Wednesday 25 November 2026, 10:00 in Ljubljana: inside support hours.
  static let defaultNow = ISO8601DateFormatter().date(from: "2026-11-25T09:00:00Z")!

  /// `policy` is the text of a policy file, given to the app as POLICY_FILE; nil runs the default policy.
  static func configuration(
    database: AppConfiguration.DatabaseLocation, policy: String? = nil
  ) throws -> AppConfiguration {
    var environment: [String: String] = [:]
    if let policy {
      let file = FileManager.default.temporaryDirectory.appendingPathComponent(
        "podpora-policy-\(UUID().uuidString).yaml")
      try Data(policy.utf8).write(to: file)
      environment["POLICY_FILE"] = file.path
    }
    var configuration = try AppConfiguration.parse(
      environment, workingDirectory: FileManager.default.temporaryDirectory.path)
    configuration.database = database
    configuration.logLevel = .warning
    configuration.dataDirectory =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("podpora-tests/data-\(UUID().uuidString)").path
    return configuration
  }

  static func run(
    now: Date = defaultNow, seedDemo: Bool = false, migrate: Bool = true, policy: String? = nil,
    _ body: (Application, FixedClock) async throws -> Void
  ) async throws {
    let database = try await TestDatabase.fresh()
    let app = try await Application.make(.testing)
    let clock = FixedClock(now)
    do {
      app.clock = clock
      try await configure(app, configuration: try configuration(database: database.location, policy: policy))
      if migrate {
        // PostgreSQL databases come migrated from the template; this applies what is missing (nothing) and
        // tunes SQLite.
        try await prepareDatabase(app, seedDemoWhenEmpty: false)
      }
      if seedDemo {
        try await DemoData.seedIfEmpty(on: app.db, clock: clock, policy: app.policy)
      }
      try await body(app, clock)
    } catch {
      try? await app.asyncShutdown()
      await database.drop()
      throw error
    }
    try await app.asyncShutdown()
    await database.drop()
  }
}

import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Foundation: database, migrations, health, demo data")
struct FoundationTests {
  @Test("every migration applies, reverts and applies again")
  func migrationsRoundTrip() async throws {
    try await TestApp.run(migrate: false) { app, _ in
      try await app.autoMigrate()
      let tablesAfterMigrate = try await tableNames(app.db)
      #expect(tablesAfterMigrate.isSuperset(of: ["requests", "organisations", "outbox_messages", "_fluent_sessions"]))

      try await app.autoRevert()
      let tablesAfterRevert = try await tableNames(app.db).subtracting(["_fluent_migrations"])
      #expect(tablesAfterRevert.isEmpty, "left behind after revert: \(tablesAfterRevert.sorted())")

      try await app.autoMigrate()
      #expect(try await tableNames(app.db) == tablesAfterMigrate)
    }
  }

  @Test("healthz answers 200 when the database answers")
  func healthOK() async throws {
    try await TestApp.run { app, _ in
      try await app.testing().test(.GET, "healthz") { response async in
        #expect(response.status == .ok)
        #expect(response.body.string.contains(#""status":"ok""#))
      }
    }
  }

  @Test(
    "healthz answers 503 when the database is down",
    arguments: [
      AppConfiguration.DatabaseLocation.postgres(url: "postgres://nobody@127.0.0.1:1/x"),
      .sqliteFile(path: "/nonexistent-directory/podpora.sqlite"),
    ])
  func healthDown(location: AppConfiguration.DatabaseLocation) async throws {
    let app = try await Application.make(.testing)
    do {
      try await configure(app, configuration: try TestApp.configuration(database: location))
      try await app.testing().test(.GET, "healthz") { response async in
        #expect(response.status == .serviceUnavailable)
        #expect(response.body.string.contains("unavailable"))
      }
    } catch {
      try? await app.asyncShutdown()
      throw error
    }
    try await app.asyncShutdown()
  }

  @Test("metrics counts requests by route pattern")
  func metrics() async throws {
    try await TestApp.run { app, _ in
      try await app.testing().test(.GET, "healthz") { _ async in }
      try await app.testing().test(.GET, "metrics") { response async in
        #expect(response.status == .ok)
        #expect(
          response.body.string.contains(#"podpora_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
        #expect(response.body.string.contains("podpora_http_request_duration_seconds_bucket"))
      }
    }
  }

  @Test("the home page links to the portal sign-in, in Slovenian by default and in English on request")
  func homePage() async throws {
    try await TestApp.run { app, _ in
      try await app.testing().test(.GET, "/") { response async in
        #expect(response.status == .ok)
        #expect(response.body.string.contains(#"href="\#(SiteURL.portalSignIn.path)""#))
        #expect(response.body.string.contains("Prijava v portal"))
      }
      try await app.testing().test(
        .GET, "/", beforeRequest: { request async in request.headers.cookie = ["podpora_lang": "en"] }
      ) { response async in
        #expect(response.body.string.contains("Sign in to the portal"))
      }
    }
  }

  @Test("the demo data holds every login of DESIGN.md, seeds only an empty database, and has requests in every status")
  func demoData() async throws {
    try await TestApp.run { app, clock in
      #expect(try await DemoData.seedIfEmpty(on: app.db, clock: clock, policy: app.policy))
      #expect(try await DemoData.seedIfEmpty(on: app.db, clock: clock, policy: app.policy) == false)

      let contacts = Set(try await Contact.query(on: app.db).all().map(\.email))
      #expect(
        contacts.isSuperset(of: ["ana@demo.si", "boris@demo.si", "cene@dolznik.si", "dora@demo.si", "eva@tuji.si"]))
      let staff = try await StaffUser.query(on: app.db).all()
      #expect(Set(staff.map(\.email)).isSuperset(of: ["agent@podpora.si", "vodja@podpora.si", "admin@podpora.si"]))
      let ana = try #require(try await Contact.query(on: app.db).filter(\.$email == "ana@demo.si").first())
      #expect(try Bcrypt.verify(DemoData.password, created: ana.passwordHash ?? ""))

      let statuses = Set(try await SupportRequest.query(on: app.db).all().map(\.status))
      #expect(statuses == Set(RequestStatus.allCases))
      #expect(try await Article.query(on: app.db).count() >= 12)
      #expect(try await Newsletter.query(on: app.db).count() == 2)
    }
  }

  @Test("request numbers are unique and gap-free under concurrent allocation")
  func requestNumbersUnderConcurrency() async throws {
    try await TestApp.run { app, _ in
      let numbers = try await withThrowingTaskGroup(of: String.self) { group in
        for _ in 0..<20 {
          group.addTask {
            try await app.dialect.writeTransaction(on: app.db) { db in
              try await RequestNumberAllocator.next(year: 2026, on: db)
            }
          }
        }
        return try await group.reduce(into: [String]()) { $0.append($1) }
      }
      #expect(Set(numbers).count == 20)
      #expect(Set(numbers) == Set((1...20).map { RequestNumberAllocator.format(year: 2026, sequence: $0) }))
    }
  }

  @Test("a rolled-back transaction gives its request number back")
  func requestNumberRollback() async throws {
    try await TestApp.run { app, _ in
      struct Abandon: Error {}
      await #expect(throws: Abandon.self) {
        try await app.dialect.writeTransaction(on: app.db) { db in
          _ = try await RequestNumberAllocator.next(year: 2027, on: db)
          throw Abandon()
        }
      }
      let number = try await app.dialect.writeTransaction(on: app.db) { db in
        try await RequestNumberAllocator.next(year: 2027, on: db)
      }
      #expect(number == "2027-000001")
    }
  }

  private func tableNames(_ db: any Database) async throws -> Set<String> {
    let query: SQLQueryString =
      (db as? any SQLDatabase)?.dialect.name == "sqlite"
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    return Set(try await db.sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
  }
}

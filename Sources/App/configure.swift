import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
import Vapor

/// Wires the application once: configuration, database and dialect, sessions, middleware, migrations, routes.
public func configure(_ app: Application, configuration: AppConfiguration) async throws {
  app.storage[AppConfigurationKey.self] = configuration
  app.policy = try PolicyStore.load(path: configuration.policyFile)
  if let start = configuration.clockStart { app.clock = ShiftedClock(startingAt: start) }
  app.logger.logLevel = configuration.logLevel
  app.http.server.configuration.hostname = configuration.host
  app.http.server.configuration.port = configuration.port

  switch configuration.database {
  case .sqliteFile(let path):
    app.databases.use(SQLiteDialect.configuration(.file(path)), as: .sqlite)
    app.dialect = SQLiteDialect()
  case .sqliteMemory:
    app.databases.use(SQLiteDialect.configuration(.memory), as: .sqlite)
    app.dialect = SQLiteDialect()
  case .postgres(let url):
    var postgres = try SQLPostgresConfiguration(url: url)
    postgres.coreConfiguration.options.connectTimeout = .seconds(5)
    app.databases.use(
      .postgres(
        configuration: postgres, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(30),
        sqlLogLevel: .debug), as: .psql)
    app.dialect = PostgresDialect()
  }

  app.migrations.add(PodporaMigrations.all)

  app.middleware = .init()
  app.middleware.use(RouteMetricsMiddleware(registry: app.metricsRegistry))
  // Outside the error middleware, so error pages and sign-in redirects carry the headers too.
  app.middleware.use(SecurityHeadersMiddleware())
  // Sees every response the app made, error pages and sign-in redirects included, before it is sent.
  app.middleware.use(HeaderGuardMiddleware())
  app.middleware.use(ProblemErrorMiddleware())
  app.middleware.use(BodyLimitMiddleware())
  app.sessions.use(.fluent)
  app.sessions.configuration.cookieName = "podpora_session"
  app.sessions.configuration.cookieFactory = { sessionID in
    .init(
      string: sessionID.string, expires: nil, maxAge: nil, domain: nil, path: "/",
      isSecure: configuration.publicURL.scheme == "https", isHTTPOnly: true, sameSite: .lax)
  }

  app.middleware.use(app.sessions.middleware)
  // The viewer is known before the CSRF check so that the audit log also records a staff member's refused
  // (forged or expired) form.
  app.middleware.use(ViewerMiddleware())
  app.middleware.use(APITokenMiddleware())
  // After both kinds of viewer are known (session or staff API token), and around the CSRF and access checks,
  // so refused staff requests are audited too.
  app.middleware.use(StaffAuditMiddleware())
  app.middleware.use(FormInputMiddleware())
  app.middleware.use(CSRFMiddleware(secureCookies: configuration.publicURL.scheme == "https"))
  // Last, so it sees the session's or the token's viewer: every route's access rule is enforced here.
  app.middleware.use(AccessMiddleware())
  app.routes.defaultMaxBodySize = "1mb"

  try routes(app)
}

/// Prepares the database before serving: the dialect's database settings (SQLite's journal mode), migrations, and
/// the demo data seeded into an empty database (never into one that already holds data).
public func prepareDatabase(_ app: Application, seedDemoWhenEmpty: Bool) async throws {
  try await app.dialect.prepare(app.db)
  try await app.autoMigrate()
  if seedDemoWhenEmpty {
    try await DemoData.seedIfEmpty(on: app.db, clock: app.clock, policy: app.policy)
  }
}

struct AppConfigurationKey: StorageKey {
  typealias Value = AppConfiguration
}

extension Application {
  public var configuration: AppConfiguration {
    guard let configuration = storage[AppConfigurationKey.self] else {
      fatalError("configure(_:configuration:) has not run")
    }
    return configuration
  }
}

import Fluent
import Foundation
import Logging
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

/// The hot paths of docs/PERFORMANCE.md use indexes, on SQLite and on PostgreSQL: the plan of each query the app
/// sends (taken from the same builders the app runs, with their binds) reads no table `requests` whole. The data
/// comes from `podpora seed-load`'s generator, so it also proves the generator runs on both databases. On
/// PostgreSQL the plans are taken with sequential scans disabled (`DatabaseDialect.plan`), so the few test rows do
/// not make a scan the cheaper choice: a sequential scan that is still chosen means no index can serve the query.
@Suite("Query plans of the hot paths")
struct QueryPlanTests {
  static let sizes = LoadData.Sizes(requests: 400, organisations: 4, articles: 20)

  func seeded(_ body: (Application, FixedClock) async throws -> Void) async throws {
    try await TestApp.run { app, clock in
      try await LoadData.seed(Self.sizes, on: app.db, dialect: app.dialect, now: clock.now) { _ in }
      try await body(app, clock)
    }
  }

  func expectIndexed(
    _ name: String, _ query: any SQLExpression, app: Application, tables: [String] = ["requests"]
  ) async throws {
    let plan = try await app.dialect.plan(of: query, on: app.db)
    #expect(!plan.isEmpty, "\(name): no plan")
    for table in tables {
      #expect(
        !app.dialect.readsWholeTable(table, plan: plan),
        "\(name) reads all of \(table) on \(app.dialect.name):\n\(plan.joined(separator: "\n"))")
    }
  }

  func viewer(_ contactID: Int, on db: any Database) async throws -> ContactViewer {
    let contact = try #require(try await Contact.find(contactID, on: db))
    return ContactViewer(
      id: contactID, organisationID: contact.$organisation.id, name: contact.name, email: contact.email,
      role: contact.role)
  }

  @Test("W2: my requests (a member, an organisation admin, open ones) and the request page use indexes")
  func portal() async throws {
    try await seeded { app, _ in
      // Contact 1 is the admin of organisation 1 (the biggest), contact 2 a member of it.
      let admin = try await viewer(1, on: app.db)
      let member = try await viewer(2, on: app.db)
      #expect(admin.isOrganisationAdmin && !member.isOrganisationAdmin)
      for (name, who) in [("member", member), ("admin", admin)] {
        for status in [RequestListFilter.StatusFilter.all, .open, .only(.resolved)] {
          let query = PortalRequestQueries.listQuery(visibleTo: who, status: status, on: app.db).limit(25)
          try await expectIndexed("list (\(name), \(status.parameter))", QueryPlans.expression(of: query), app: app)
        }
      }
      let request = try #require(
        try await SupportRequest.query(on: app.db).filter(\.$contact.$id == 2).first())
      let page = RequestAccess.query(number: request.number, visibleTo: member, on: app.db)
      try await expectIndexed("request page lookup", QueryPlans.expression(of: page), app: app)
      #expect(try await page.first()?.id == request.id)
      try await expectIndexed(
        "waiting-list estimate", WaitingListQueries.averageHandlingQuery(now: TestApp.defaultNow), app: app,
        tables: ["requests", "time_entries"])
    }
  }

  @Test("W4: take-next reads the waiting requests and locks a candidate through indexes")
  func takeNext() async throws {
    try await seeded { app, _ in
      try await expectIndexed("waiting requests", WaitingListQueries.entriesQuery(on: app.db.sql).select, app: app)
      let waiting = try await WaitingListQueries.entries(on: app.db)
      #expect(!waiting.isEmpty)
      try await expectIndexed(
        "lock of a candidate", WorkClaims.lockQuery(try #require(waiting.first?.id), dialect: app.dialect), app: app)
    }
  }
}

extension QueryPlanTests {
  @Test("W5: the e-mail intake's once-an-hour acknowledgement check uses an index on the outbox")
  func mailAcknowledgement() async throws {
    try await seeded { app, clock in
      let query = InboundMailService.recentAcknowledgements(
        to: "kontakt2@load.podpora.test", since: clock.now - 3_600, on: app.db)
      try await expectIndexed(
        "acknowledgements to a sender", QueryPlans.expression(of: query), app: app, tables: ["outbox_messages"])
    }
  }
}

/// Every SQL statement a request sends, counted by a log handler on the request's logger: the drivers log each
/// statement at debug level (`sqlLogLevel: .debug` in configure), and `req.db` logs to `req.logger`.
final class QueryCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var statements: [String] = []
  private var counting = false

  func start() {
    lock.withLock {
      statements = []; counting = true
    }
  }
  func stop() -> [String] {
    lock.withLock {
      counting = false; return statements
    }
  }
  func record(_ statement: String) { lock.withLock { if counting { statements.append(statement) } } }

  struct Handler: LogHandler {
    let counter: QueryCounter
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
      let text = event.message.description
      let sql = event.metadata?["sql"]?.description ?? text
      if QueryCounter.isStatement(sql) { counter.record(sql) }
    }
  }

  static func isStatement(_ text: String) -> Bool {
    let head = text.drop { $0 == " " || $0 == "\n" || $0 == "(" }.prefix(8).uppercased()
    return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains { head.hasPrefix($0) }
  }

  /// Installed after the app's own middleware: everything the handler does on `req.db` is counted.
  struct Middleware: AsyncMiddleware {
    let counter: QueryCounter
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
      let counter = counter
      request.logger = Logger(label: "query-counter") { _ in Handler(counter: counter) }
      return try await next.respond(to: request)
    }
  }
}

/// List pages send the same number of SQL statements for 5 rows as for 50: no statement per row (N+1).
@Suite("Queries per list page")
struct QueryCountTests {
  func count(_ counter: QueryCounter, _ browser: TestBrowser, _ path: String) async throws -> [String] {
    counter.start()
    let response = try await browser.get(path)
    let statements = counter.stop()
    #expect(response.status == .ok, "\(path)")
    return statements
  }

  func expectFlat(_ page: String, few: [String], many: [String]) {
    #expect(!few.isEmpty, "\(page): no statement was counted, so the counter does not see the driver's log")
    #expect(
      few.count == many.count,
      "\(page): \(few.count) statements for 5 rows, \(many.count) for 50:\n\(many.joined(separator: "\n"))")
  }

  @Test("portal: my requests")
  func portalList() async throws {
    var counts: [[String]] = []
    for rows in [5, 50] {
      try await TestApp.run { app, clock in
        // One organisation: contact 1, its admin, sees every request.
        try await LoadData.seed(
          .init(requests: rows, organisations: 1, articles: 1), on: app.db, dialect: app.dialect, now: clock.now
        ) { _ in }
        let counter = QueryCounter()
        app.middleware.use(QueryCounter.Middleware(counter: counter))
        let browser = TestBrowser(app)
        let signIn = try await browser.signIn("kontakt1@load.podpora.test", password: LoadData.password)
        #expect(signIn.status == .seeOther)
        let statements = try await count(counter, browser, SiteURL.portalRequests.path)
        #expect(try await SupportRequest.query(on: app.db).count() == rows)
        counts.append(statements)
      }
    }
    expectFlat("portal list", few: counts[0], many: counts[1])
  }

  @Test("workspace: the waiting list")
  func waitingList() async throws {
    var counts: [[String]] = []
    for rows in [5, 50] {
      try await TestApp.run { app, clock in
        try await LoadData.seed(
          .init(requests: rows, organisations: 2, articles: 1), on: app.db, dialect: app.dialect, now: clock.now
        ) { _ in }
        // Every request waits, so the list has as many rows as there are requests.
        try await app.db.sql.raw(
          """
          UPDATE requests SET status = 'waiting', accepted_at = NULL, resolved_at = NULL, closed_at = NULL,
                              refused_at = NULL, assignee_id = NULL
          """
        ).run()
        let counter = QueryCounter()
        app.middleware.use(QueryCounter.Middleware(counter: counter))
        let browser = TestBrowser(app)
        let signIn = try await browser.signIn("agent1@load.podpora.test", password: LoadData.password, staff: true)
        #expect(signIn.status == .seeOther)
        counts.append(try await count(counter, browser, SiteURL.workspace.path))
      }
    }
    expectFlat("waiting list", few: counts[0], many: counts[1])
  }

  @Test("help site: search results")
  func helpSearch() async throws {
    var counts: [[String]] = []
    for rows in [5, 50] {
      try await TestApp.run { app, _ in
        for n in 0..<rows {
          try await KnowledgeFixtures.article("Obračun plač, primer \(n)", body: "Obračun plač korak \(n).", on: app.db)
        }
        let counter = QueryCounter()
        app.middleware.use(QueryCounter.Middleware(counter: counter))
        let browser = TestBrowser(app)
        counts.append(try await count(counter, browser, SiteURL.helpSearch.path + "?q=obracun"))
      }
    }
    expectFlat("help search", few: counts[0], many: counts[1])
  }
}

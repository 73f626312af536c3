import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor
import Wording

@testable import App

@Suite("Reports: counts, support-hour medians and p90 across a weekend, SLA, waiting list through the day, CSV")
struct ReportsTests {
  /// Tuesday 1 December 2026, 10:00 in Ljubljana: November is over.
  static let now = Wording(.sl).instant(field: "2026-12-01T10:00")!

  static func at(_ local: String) -> Date { Wording(.sl).instant(field: local)! }

  /// November 2026 in Ljubljana (CET). Five requests, one of each kind of story:
  /// - A portal, filed Fri 20 Nov 15:00, accepted Mon 23 Nov 09:00 (2 support hours across the weekend), resolved
  ///   Mon 12:00 (5 hours from filing);
  /// - B e-mail, filed Tue 24 Nov 08:00, accepted 08:30 (0.5 h), resolved Wed 10:00 (10 h), paid;
  /// - C phone, filed Wed 25 Nov 10:00, accepted Thu 11:00 (9 h, over the 8 h target), paid (decided twice);
  /// - D portal, filed Thu 26 Nov 09:00, refused at once;
  /// - E portal, filed Fri 27 Nov 09:00, still waiting (past its 4 h target), a repeat of A.
  /// Plus two deflections in November and one in October.
  static func arrange(on db: any Database) async throws {
    let organisation = Organisation(name: "Poročila d.o.o.", taxNumber: "SI10000003")
    try await organisation.create(on: db)
    let orgID = try organisation.requireID()
    let program = Program(code: "PL", nameSl: "Plače", nameEn: "Payroll")
    try await program.create(on: db)
    var number = 0
    func request(
      _ channel: RequestChannel, filed: String, accepted: String? = nil, resolved: String? = nil,
      status: RequestStatus, outcome: Outcome, decisions: [[RuleID]] = [], repeatOf: Int? = nil
    ) async throws -> Int {
      number += 1
      let request = SupportRequest(
        number: "2026-90000\(number)", organisationID: orgID, contactID: nil, programID: try program.requireID(),
        channel: channel, category: .usage, subject: "S\(number)", body: "B", status: status, outcome: outcome,
        submittedAt: at(filed))
      request.acceptedAt = accepted.map(at)
      request.resolvedAt = resolved.map(at)
      if status == .refused { request.refusedAt = at(filed) }
      request.$repeatOf.id = repeatOf
      try await request.create(on: db)
      let id = try request.requireID()
      for (index, rules) in decisions.enumerated() {
        let json = String(decoding: try JSONEncoder().encode(rules.map { FiredRule(id: $0) }), as: UTF8.self)
        try await DecisionRecord(
          requestID: id, outcome: outcome, rules: json, workCanStartAt: at(filed), policyVersion: "test", facts: "{}",
          decidedAt: at(filed) + Double(index) * 60
        ).create(on: db)
      }
      return id
    }
    let a = try await request(
      .portal, filed: "2026-11-20T15:00", accepted: "2026-11-23T09:00", resolved: "2026-11-23T12:00", status: .resolved,
      outcome: .free, decisions: [[.shortUsageQuestion]])
    _ = try await request(
      .email, filed: "2026-11-24T08:00", accepted: "2026-11-24T08:30", resolved: "2026-11-25T10:00", status: .resolved,
      outcome: .paid, decisions: [[.notViaPortal]])
    _ = try await request(
      .phone, filed: "2026-11-25T10:00", accepted: "2026-11-26T11:00", status: .inProgress, outcome: .paid,
      decisions: [[.shortUsageQuestion], [.notViaPortal, .complexOver15Minutes]])
    _ = try await request(
      .portal, filed: "2026-11-26T09:00", status: .refused, outcome: .refused, decisions: [[.unpaidObligations]])
    _ = try await request(
      .portal, filed: "2026-11-27T09:00", status: .waiting, outcome: .free, decisions: [[.shortUsageQuestion]],
      repeatOf: a)
    for created in ["2026-11-23T10:00", "2026-11-30T15:00", "2026-10-30T10:00"] {
      let deflection = Deflection()
      deflection.query = "obračun"
      deflection.createdAt = at(created)
      try await deflection.create(on: db)
    }
  }

  static let november = ReportPeriod(.month, containing: LocalDate("2026-11-15")!, in: .ljubljana)

  @Test("requests by channel, outcomes with their top reasons, repeats and deflections are counted exactly")
  func counts() async throws {
    try await TestApp.run(now: Self.now) { app, clock in
      try await Self.arrange(on: app.db)
      let reports = try await ReportSet.load(Self.november, now: clock.now, policy: app.policy, on: app.db)

      let november = try #require(reports.channels.last)
      #expect(reports.channels.count == ReportSet.trendLength)
      #expect(november.period == "2026-11")
      #expect([november.portal, november.email, november.phone] as [Int] == [3, 1, 1])
      #expect(november.portalShare == 0.6)
      #expect(reports.channels.first?.total == 0, "June has nothing")

      #expect([reports.outcomes.free, reports.outcomes.paid, reports.outcomes.refused] as [Int] == [2, 2, 1])
      // C's first decision is superseded: its short-usage rule does not count, its later rules do.
      #expect(reports.outcomes.reasons.map(\.rule) == [.notViaPortal, .complexOver15Minutes, .unpaidObligations])
      #expect(reports.outcomes.reasons.map(\.count) == [2, 1, 1])

      #expect(reports.repeats.last?.repeats == ReportQueries.Repeats(requests: 5, repeats: 1))
      #expect(reports.deflections.total == 2)
      #expect(reports.deflections.portalRequests == 3)
      #expect(reports.deflections.rate == 0.4)
    }
  }

  @Test("time to acceptance and resolution in support hours: nights and the weekend do not count")
  func times() async throws {
    try await TestApp.run(now: Self.now) { app, clock in
      try await Self.arrange(on: app.db)
      let times = try await ReportQueries.times(Self.november, now: clock.now, policy: app.policy, on: app.db)
      let hour = 3600
      // Acceptance: A 2 h (Fri 15–16 and Mon 8–9), B 0.5 h, C 9 h (Wed 10–16 and Thu 8–11).
      #expect(times.acceptance.count == 3)
      #expect(times.acceptance.median == 2 * hour)
      #expect(times.acceptance.p90 == 9 * hour)
      // Resolution from filing: A 5 h, B 10 h (Tue 8–16 and Wed 8–10).
      #expect(times.resolution.count == 2)
      #expect(times.resolution.median == 5 * hour)
      #expect(times.resolution.p90 == 10 * hour)
      let sla = Dictionary(uniqueKeysWithValues: times.sla.map { ($0.channel, $0) })
      #expect(sla[.portal].map { [$0.met, $0.breached] } == [1, 1], "A in time, E still waiting past its target")
      #expect(sla[.email].map { [$0.met, $0.breached] } == [1, 0])
      #expect(sla[.phone].map { [$0.met, $0.breached] } == [0, 1])
    }
  }

  @Test("the waiting list is sampled at each support hour of each working day of the week")
  func waitingThroughDay() async throws {
    try await TestApp.run(now: Self.now) { app, clock in
      try await Self.arrange(on: app.db)
      let week = ReportPeriod(.week, containing: LocalDate("2026-11-25")!, in: .ljubljana)
      #expect(week.first.description == "2026-11-23")
      let rows = try await ReportQueries.waitingThroughDay(week, now: clock.now, policy: app.policy, on: app.db)
      #expect(rows.map(\.hour) == ["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"])
      #expect(rows.allSatisfy { $0.days == 5 })
      let byHour = Dictionary(uniqueKeysWithValues: rows.map { ($0.hour, $0) })
      // 08:00: Mon A, Tue B (filed at 08:00), Thu C → 3 of 5 days.
      #expect(byHour["08:00"]?.average == 0.6)
      // 11:00: Wed C, Fri E; C was accepted at 11:00 on Thursday, so it no longer waits then.
      #expect(byHour["11:00"]?.average == 0.4)
      #expect(byHour["11:00"]?.maximum == 1)
      // D was refused when it was filed: it never waited.
      // 09:00: Thu C, Fri E (filed at 09:00); A and B were accepted by then, and D, refused at 09:00 on Thursday,
      // does not count.
      #expect(byHour["09:00"]?.average == 0.4)
    }
  }

  @Test("the page shows an accessible SVG chart per report; each CSV has its columns; agents are kept out")
  func pageAndCSV() async throws {
    try await TestApp.run(now: Self.now, seedDemo: true) { app, _ in
      try await Self.arrangeOnDemo(on: app.db)
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let page = try await supervisor.get(SiteURL.reports.path + "?period=month&at=2026-11-15")
      #expect(page.status == .ok)
      let html = page.body.string
      #expect(html.components(separatedBy: "<svg").count - 1 == ReportKind.allCases.count)
      #expect(html.contains("<title id=\"chart-channels-title\">"))
      #expect(!html.contains("style="), "the CSP forbids inline styles")

      let csv = try await supervisor.get(SiteURL.reportCSV("times").path + "?period=month&at=2026-11-15")
      #expect(csv.status == .ok)
      #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
      #expect(csv.headers.first(name: .contentDisposition)?.contains("podpora-times-2026-11.csv") == true)
      let lines = csv.body.string.components(separatedBy: "\r\n")
      #expect(lines.first == "measure,requests,median_hours,p90_hours")
      let channels = try await supervisor.get(SiteURL.reportCSV("channels").path + "?period=week&at=2026-11-25")
      #expect(channels.body.string.hasPrefix("period,portal,email,phone,total,portal_share\r\n"))
      #expect(channels.body.string.contains("\r\n2026-11-23,"))
      let outcomes = try await supervisor.get(SiteURL.reportCSV("outcomes").path)
      #expect(outcomes.body.string.hasPrefix("category,key,text_sl,requests\r\n"))
      #expect(try await supervisor.get(SiteURL.reportCSV("nonsense").path).status == .notFound)

      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      #expect(try await agent.get(SiteURL.reports.path).status == .forbidden)
      #expect(try await agent.get(SiteURL.reportCSV("times").path).status == .forbidden)
    }
  }

  /// One resolved request in November beside the demo's, so the month has times to show.
  static func arrangeOnDemo(on db: any Database) async throws {
    let organisation = try #require(try await Organisation.query(on: db).first())
    let request = SupportRequest(
      number: "2026-999999", organisationID: try organisation.requireID(), contactID: nil, programID: nil,
      channel: .portal, category: .usage, subject: "CSV", body: "B", status: .resolved,
      submittedAt: at("2026-11-24T09:00"))
    request.acceptedAt = at("2026-11-24T10:00")
    request.resolvedAt = at("2026-11-24T11:00")
    try await request.create(on: db)
  }

  @Test("CSV cells are quoted when needed and formulas are defused")
  func csvCells() {
    let table = ReportTable(
      columns: [.init(csv: "title", sl: "", en: ""), .init(csv: "n", sl: "", en: "")],
      rows: [["Plače, \"november\"", "2"], ["=HYPERLINK(\"x\")", "-1"]])
    #expect(table.csv == "title,n\r\n\"Plače, \"\"november\"\"\",2\r\n\"'=HYPERLINK(\"\"x\"\")\",-1\r\n")
  }
}

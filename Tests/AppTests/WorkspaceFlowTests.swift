import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Workspace over HTTP: take next, time, resolution, and what the customer sees")
struct WorkspaceFlowTests {
  @Test("customer files, agent takes next, logs 20 min, decision turns paid, agent resolves; customer sees it all")
  func doneWhen() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      #expect(filed.decision.outcome == .free)

      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let list = try await agent.get(SiteURL.workspace.path)
      #expect(list.status == .ok)
      #expect(list.body.string.contains(filed.number))

      clock.advance(seconds: 60)
      let taken = try await agent.post(SiteURL.workspaceTakeNext.path, form: [:])
      #expect(taken.status == .seeOther)
      #expect(
        taken.headers.first(name: .location) == SiteURL.workspaceRequest(.value(filed.number)).path + "?notice=taken")
      let accepted = try await WorkspaceFixtures.request(filed.requestID, on: app.db)
      #expect(accepted.status == .inProgress)
      #expect(accepted.acceptedAt == clock.now)
      #expect(accepted.$assignee.id == (try await WorkspaceFixtures.staff("agent@podpora.si", on: app.db)).id)
      #expect(try await WorkspaceFixtures.mails(filed.requestID, kind: "request_accepted", on: app.db).count == 1)

      let start = try await agent.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .timerStart).path, form: [:])
      #expect(start.status == .seeOther)
      clock.advance(seconds: 20 * 60)
      let page = try await agent.get(SiteURL.workspaceRequest(.value(filed.number)).path)
      #expect(page.body.string.contains("20 min od 15 min brezplačne pomoči"))
      let stop = try await agent.post(SiteURL.workspaceRequestAction(.value(filed.number), .timerStop).path, form: [:])
      #expect(stop.headers.first(name: .location)?.hasSuffix("?notice=limit-crossed") == true)
      let told = try await agent.get(try #require(stop.headers.first(name: .location)))
      #expect(told.body.string.contains("paid.complex-over-15-min"))

      let paid = try await WorkspaceFixtures.decision(filed.requestID, on: app.db)
      #expect(paid.outcome == .paid)
      #expect(WorkspaceFixtures.ruleIDs(paid) == [.complexOver15Minutes])

      let solution = "V meniju Obračun izberite Zaključi obračun in potrdite rekapitulacijo."
      let resolved = try await agent.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .resolve).path,
        form: ["solution": solution, "clearInstructions": "on"])
      #expect(resolved.status == .seeOther)

      let stored = try await WorkspaceFixtures.request(filed.requestID, on: app.db)
      #expect(stored.status == .resolved)
      #expect(stored.solution == solution)
      #expect(stored.clearInstructions)
      #expect(stored.outcome == .paid)

      // What the customer sees: only the events marked for them.
      let visible = try await WorkspaceFixtures.events(filed.requestID, on: app.db).filter(\.visibleToCustomer)
      #expect(visible.map(\.kind) == ["submitted", "waiting_list", "accepted", "decision", "resolved"])
      let decision = try #require(visible.first { $0.kind == "decision" })
      #expect(WorkspaceFixtures.data(decision)["to"] == "paid")
      #expect(WorkspaceFixtures.data(decision)["rules"] == "paid.complex-over-15-min")
      let resolution = WorkspaceFixtures.data(try #require(visible.last))
      #expect(resolution["solution"] == solution)
      #expect(resolution["minutes"] == "20")
      #expect(resolution["outcome"] == "paid")
      #expect(resolution["rules"] == "paid.complex-over-15-min")
      let mail = try #require(
        try await WorkspaceFixtures.mails(filed.requestID, kind: "request_resolved", on: app.db).first)
      #expect(mail.recipient == "ana@demo.si")
      #expect(mail.bodyText.contains(solution))
      #expect(mail.bodyText.contains("20 min"))
      #expect(mail.bodyText.contains(RuleID.complexOver15Minutes.slovenianText))
      // The bookkeeping stays in the workspace.
      let hidden = try await WorkspaceFixtures.events(filed.requestID, on: app.db).filter { !$0.visibleToCustomer }
      #expect(Set(hidden.map(\.kind)) == ["time_logged"])
    }
  }

  @Test("workspace pages need a staff sign-in (a customer is sent to it too); actions need the CSRF token")
  func access() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let anonymous = TestBrowser(app)
      let redirect = try await anonymous.get(SiteURL.workspace.path)
      #expect(redirect.status == .seeOther)
      #expect(redirect.headers.first(name: .location)?.hasPrefix(SiteURL.staffSignIn.path) == true)

      let customer = TestBrowser(app)
      try await customer.signIn("ana@demo.si")
      let asCustomer = try await customer.get(SiteURL.workspace.path)
      #expect(asCustomer.status == .seeOther)
      #expect(asCustomer.headers.first(name: .location)?.hasPrefix(SiteURL.staffSignIn.path) == true)
      #expect(try await customer.post(SiteURL.workspaceTakeNext.path, form: [:]).status == .seeOther)
      #expect(try await SupportRequest.query(on: app.db).filter(\.$status == .inProgress).count() == 2)

      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let forged = try await agent.post(SiteURL.workspaceTakeNext.path, form: [:], csrf: "")
      #expect(forged.status == .forbidden)
      #expect(try await SupportRequest.query(on: app.db).filter(\.$status == .inProgress).count() == 2)
      #expect(try await agent.get(SiteURL.workspaceSupervisor.path).status == .forbidden)
      #expect(try await agent.get(SiteURL.workspaceRequest("2099-999999").path).status == .notFound)
    }
  }

  @Test("the waiting list shows every waiting request in the engine's order with class, age, target and breaches")
  func waitingListPage() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let page = try await agent.get(SiteURL.workspace.path).body.string
      let ordered = try await WaitingListQueries.ordered(now: clock.now, policy: app.policy, on: app.db)
      #expect(ordered.count == 7)
      let numbers = try await ordered.asyncMap { try await WorkspaceFixtures.request($0.id, on: app.db).number }
      let positions = numbers.map { page.range(of: $0)?.lowerBound }
      #expect(positions.allSatisfy { $0 != nil })
      #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "rows follow the engine's order")
      #expect(page.contains("prekoračeno za"), "the 26-hour-old portal request is past its 4-hour target")
      #expect(page.contains("E-pošta"))

      let filtered = try await agent.get(SiteURL.workspace.path + "?class=email").body.string
      let emails = try await SupportRequest.query(on: app.db).filter(\.$status == .waiting)
        .filter(\.$channel == .email).all()
      #expect(emails.count == 2)
      for request in emails { #expect(filtered.contains(request.number)) }
      let portal = try await SupportRequest.query(on: app.db).filter(\.$status == .waiting)
        .filter(\.$channel == .portal).all()
      for request in portal { #expect(!filtered.contains(request.number)) }

      let byProgram = try await agent.get(SiteURL.workspace.path + "?program=DK").body.string
      #expect(byProgram.contains("Kako zapreti temeljnico"))
      #expect(!byProgram.contains("Opomini kupcem"))
    }
  }

  @Test("presence is set by the agent, audited, and counted by the waiting-list estimate")
  func presence() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      #expect(try await WaitingListQueries.agentsOnDuty(on: app.db) == 2)
      let before = try await WaitingListBoard.board(filter: .init(), now: clock.now, policy: app.policy, on: app.db)
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let response = try await agent.post(SiteURL.workspacePresence.path, form: ["presence": "away"])
      #expect(response.status == .seeOther)
      #expect(try await WaitingListQueries.agentsOnDuty(on: app.db) == 1)
      let after = try await WaitingListBoard.board(filter: .init(), now: clock.now, policy: app.policy, on: app.db)
      #expect(after.agentsOnDuty == 1)
      let last = try #require(after.lines.last)
      #expect(last.estimatedStart > (before.lines.last?.estimatedStart ?? .distantFuture))
      #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "presence.changed").count() == 1)

      let bad = try await agent.post(SiteURL.workspacePresence.path, form: ["presence": "asleep"])
      #expect(bad.status == .unprocessableEntity)
      #expect(bad.body.string.contains("Izberite prisotnost."))
      #expect(try await WaitingListQueries.agentsOnDuty(on: app.db) == 1)
    }
  }
}

@Suite("CLOCK_START: a fixed starting hour for demos and browser tests")
struct ClockStartTests {
  @Test("CLOCK_START is parsed, a bad value names the variable, and the shifted clock starts there and runs on")
  func clockStart() async throws {
    let directory = FileManager.default.temporaryDirectory.path
    let parsed = try AppConfiguration.parse(["CLOCK_START": "2026-11-25T10:00:00+01:00"], workingDirectory: directory)
    let start = try #require(parsed.clockStart)
    #expect(ISO8601.format(start) == "2026-11-25T10:00:00+01:00")
    #expect(try AppConfiguration.parse([:], workingDirectory: directory).clockStart == nil)
    #expect(throws: ConfigurationError.self) {
      try AppConfiguration.parse(["CLOCK_START": "Wednesday at ten"], workingDirectory: directory)
    }
    let clock = ShiftedClock(startingAt: start)
    let now = clock.now
    #expect(now >= start && now < start + 60)
    #expect(clock.now >= now)
  }
}

extension Sequence {
  func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
    var result: [T] = []
    for element in self { result.append(try await transform(element)) }
    return result
  }
}

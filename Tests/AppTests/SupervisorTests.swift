import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor

@testable import App

@Suite("Supervisor: overrides with a reason, re-admission once the cause is gone, reassignment, running timers")
struct SupervisorTests {
  @Test("an override needs a reason, keeps it with the decision and its history, and survives later changes")
  func override() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      let agentContext = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      _ = try await WorkClaims.takeNext(in: agentContext, on: app.db)
      _ = try await TimeTracking.log(requestID: filed.requestID, minutes: 30, note: "", in: agentContext, on: app.db)
      #expect(try await WorkspaceFixtures.decision(filed.requestID, on: app.db).outcome == .paid)

      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let missing = try await supervisor.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .override).path, form: ["outcome": "free", "reason": ""])
      #expect(missing.status == .unprocessableEntity)
      #expect(try await WorkspaceFixtures.decision(filed.requestID, on: app.db).overrideReason == nil)

      let reason = "Napaka je bila na naši strani, zato čas ne gre v breme stranke."
      let done = try await supervisor.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .override).path,
        form: ["outcome": "free", "reason": reason])
      #expect(done.status == .seeOther)
      let overridden = try await WorkspaceFixtures.decision(filed.requestID, on: app.db)
      #expect(overridden.outcome == .free)
      #expect(overridden.overrideReason == reason)
      #expect(overridden.$overriddenBy.id == (try await WorkspaceFixtures.staff("vodja@podpora.si", on: app.db)).id)
      #expect(WorkspaceFixtures.ruleIDs(overridden) == [.complexOver15Minutes], "what was overridden stays on record")
      #expect(try await WorkspaceFixtures.request(filed.requestID, on: app.db).outcome == .free)
      let event = try #require(try await WorkspaceFixtures.events(filed.requestID, on: app.db).last)
      #expect(event.kind == "decision_override")
      #expect(WorkspaceFixtures.data(event)["reason"] == reason)
      #expect(try await DecisionRecord.query(on: app.db).filter(\.$request.$id == filed.requestID).count() == 3)

      // More time does not undo the override.
      _ = try await TimeTracking.log(requestID: filed.requestID, minutes: 10, note: "", in: agentContext, on: app.db)
      #expect(try await WorkspaceFixtures.decision(filed.requestID, on: app.db).overrideReason == reason)

      // An agent may not override.
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let forbidden = try await agent.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .override).path,
        form: ["outcome": "paid", "reason": "Ker."])
      #expect(forbidden.status == .forbidden)

      let back = try await supervisor.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .returnToPolicy).path, form: [:])
      #expect(back.status == .seeOther)
      let policy = try await WorkspaceFixtures.decision(filed.requestID, on: app.db)
      #expect(policy.overrideReason == nil)
      #expect(policy.outcome == .paid)
    }
  }

  @Test("a request refused for unpaid obligations is re-admitted only once they are paid, back onto the list")
  func readmit() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let filed = try await WorkspaceFixtures.file("cene@dolznik.si", app: app, now: clock.now)
      #expect(filed.decision.outcome == .refused)
      let context = try await WorkspaceFixtures.context("vodja@podpora.si", app: app, now: clock.now)
      await #expect(throws: WorkspaceError.self) {
        try await SupervisorActions.readmit(requestID: filed.requestID, in: context, on: app.db)
      }
      #expect(try await WorkspaceFixtures.request(filed.requestID, on: app.db).status == .refused)

      let organisation = try #require(
        try await Organisation.query(on: app.db).filter(\.$name == "Dolžnik d.o.o.").first())
      organisation.standing = .ok
      try await organisation.save(on: app.db)
      try await SupervisorActions.readmit(requestID: filed.requestID, in: context, on: app.db)
      let request = try await WorkspaceFixtures.request(filed.requestID, on: app.db)
      #expect(request.status == .waiting)
      #expect(request.outcome == .free)
      #expect(request.refusedAt == nil)
      let kinds = try await WorkspaceFixtures.events(filed.requestID, on: app.db).map(\.kind)
      #expect(kinds.suffix(2) == ["decision", "readmitted"])
      #expect(try await WorkspaceFixtures.mails(filed.requestID, kind: "request_readmitted", on: app.db).count == 1)
      let position = try await WaitingListQueries.position(
        of: filed.requestID, now: clock.now, policy: app.policy, on: app.db)
      #expect(position != nil)
    }
  }

  @Test("an override lifts a refusal the facts cannot: eva's request is re-admitted after one")
  func overrideThenReadmit() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let filed = try await WorkspaceFixtures.file("eva@tuji.si", app: app, now: clock.now)
      let context = try await WorkspaceFixtures.context("vodja@podpora.si", app: app, now: clock.now)
      await #expect(throws: WorkspaceError.self) {
        try await SupervisorActions.readmit(requestID: filed.requestID, in: context, on: app.db)
      }
      try await SupervisorActions.override(
        requestID: filed.requestID, outcome: .paid, reason: "Uvajanje je bilo opravljeno, a ni bilo vpisano.",
        in: context, on: app.db)
      try await SupervisorActions.readmit(requestID: filed.requestID, in: context, on: app.db)
      #expect(try await WorkspaceFixtures.request(filed.requestID, on: app.db).status == .waiting)
    }
  }

  @Test("reassigning a request in progress changes hands, tells the new agent, and is internal")
  func reassign() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      let agentContext = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      _ = try await WorkClaims.takeNext(in: agentContext, on: app.db)
      let nina = try await WorkspaceFixtures.staff("nina@podpora.si", on: app.db)

      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let response = try await supervisor.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .reassign).path, form: ["assignee": String(nina.id)])
      #expect(response.status == .seeOther)
      #expect(try await WorkspaceFixtures.request(filed.requestID, on: app.db).$assignee.id == nina.id)
      let event = try #require(try await WorkspaceFixtures.events(filed.requestID, on: app.db).last)
      #expect(event.kind == "reassigned")
      #expect(!event.visibleToCustomer)
      let mail = try #require(
        try await WorkspaceFixtures.mails(filed.requestID, kind: "staff_assigned", on: app.db).first)
      #expect(mail.recipient == "nina@podpora.si")

      let bad = try await supervisor.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .reassign).path, form: ["assignee": "99999"])
      #expect(bad.status == .unprocessableEntity)
      #expect(try await WorkspaceFixtures.request(filed.requestID, on: app.db).$assignee.id == nina.id)
    }
  }

  @Test("the supervisor sees every agent's presence and running timer")
  func overview() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      let agentContext = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      _ = try await WorkClaims.takeNext(in: agentContext, on: app.db)
      try await TimeTracking.start(requestID: filed.requestID, in: agentContext, on: app.db)
      clock.advance(seconds: 12 * 60)

      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let page = try await supervisor.get(SiteURL.workspaceSupervisor.path)
      #expect(page.status == .ok)
      let text = page.body.string
      #expect(text.contains("Andrej Agent"))
      #expect(text.contains("Nina Svetovalka"))
      #expect(text.contains("Pri stranki"))
      #expect(text.contains(filed.number))
      #expect(text.contains("12 min"))
      let lines = try await PresenceService.overview(now: clock.now, on: app.db)
      #expect(lines.first { $0.name == "Andrej Agent" }?.timer?.requestID == filed.requestID)
      #expect(lines.first { $0.name == "Andrej Agent" }?.inProgress == 3)
    }
  }
}

import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor

@testable import App

@Suite("Working a request: conversation, clocks, resolution, refusal, evidence, and the decision on every change")
struct RequestWorkTests {
  static func taken(
    _ app: Application, _ clock: FixedClock, subject: String? = nil, body: String? = nil
  ) async throws
    -> (FilingResult, WorkContext)
  {
    try await WorkspaceFixtures.clearWaitingList(on: app.db)
    let filed = try await WorkspaceFixtures.file(
      "ana@demo.si", subject: subject ?? "Obračun plač za november",
      body: body ?? "Kako zaključim obračun plač za november?", app: app, now: clock.now)
    let context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
    _ = try await WorkClaims.takeNext(in: context, on: app.db)
    return (filed, context)
  }

  @Test("a public reply is on the customer's timeline and mailed; an internal note is neither")
  func replyAndNote() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      try await RequestWork.reply(requestID: filed.requestID, body: "Pošljite prosim izpis.", in: context, on: app.db)
      try await RequestWork.note(requestID: filed.requestID, body: "Stranka je nervozna.", in: context, on: app.db)
      let events = try await WorkspaceFixtures.events(filed.requestID, on: app.db)
      #expect(events.first { $0.kind == "replied" }?.visibleToCustomer == true)
      #expect(events.first { $0.kind == "internal_note" }?.visibleToCustomer == false)
      let messages = try await Message.query(on: app.db).filter(\.$request.$id == filed.requestID).all()
      #expect(messages.map(\.visibility) == [.public, .internal])
      #expect(try await WorkspaceFixtures.mails(filed.requestID, kind: "request_replied", on: app.db).count == 1)
      let all = try await OutboxMessage.query(on: app.db).filter(\.$request.$id == filed.requestID).all()
      #expect(!all.contains { $0.bodyText.contains("nervozna") })

      await #expect(throws: WorkspaceError.self) {
        try await RequestWork.reply(requestID: filed.requestID, body: "   ", in: context, on: app.db)
      }
      #expect(try await Message.query(on: app.db).filter(\.$request.$id == filed.requestID).count() == 2)
    }
  }

  @Test("waiting for the customer pauses the clocks until they answer or the agent resumes")
  func waitingPausesClocks() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      clock.advance(seconds: 1800)
      var now = context
      now.now = clock.now
      try await RequestWork.waitForCustomer(
        requestID: filed.requestID, question: "Katero verzijo programa imate?", in: now, on: app.db)
      #expect(try await WorkspaceFixtures.request(filed.requestID, on: app.db).status == .waitingForCustomer)
      #expect(
        try await WorkspaceFixtures.mails(filed.requestID, kind: "request_waiting_for_customer", on: app.db).count == 1)
      await #expect(throws: WorkspaceError.self) {
        try await RequestWork.waitForCustomer(requestID: filed.requestID, question: "Še enkrat?", in: now, on: app.db)
      }

      clock.advance(seconds: 3600)
      let paused = try await RequestWorkQueries.view(
        number: filed.number, staffID: context.staff.id, now: clock.now, policy: app.policy, on: app.db)
      #expect(paused.clocks.resolutionUsedSeconds == 1800)
      #expect(paused.clocks.pausedNow)
      #expect(paused.clocks.pausedSeconds == 3600)

      now.now = clock.now
      try await RequestWork.resume(requestID: filed.requestID, in: now, on: app.db)
      clock.advance(seconds: 600)
      let resumed = try await RequestWorkQueries.view(
        number: filed.number, staffID: context.staff.id, now: clock.now, policy: app.policy, on: app.db)
      #expect(resumed.clocks.resolutionUsedSeconds == 2400)
      #expect(!resumed.clocks.pausedNow)
      #expect(try await WorkspaceFixtures.events(filed.requestID, on: app.db).last?.kind == "resumed")
    }
  }

  @Test("support clocks: pauses are cut from open time; a pause ends at the customer's reply")
  func clockArithmetic() async throws {
    let policy = PolicyStore(configuration: .defaults)
    let submitted = ISO8601.parse("2026-11-25T09:00:00+01:00")!
    let accepted = ISO8601.parse("2026-11-25T10:00:00+01:00")!
    let events: [(kind: String, at: Date)] = [
      ("accepted", accepted), ("waiting_for_customer", ISO8601.parse("2026-11-25T15:00:00+01:00")!),
      ("customer_replied", ISO8601.parse("2026-11-26T09:00:00+01:00")!),
    ]
    let now = ISO8601.parse("2026-11-26T10:00:00+01:00")!
    let clocks = SupportClocks.compute(
      channel: .email, submittedAt: submitted, arrangedAt: nil, acceptedAt: accepted, resolvedAt: nil,
      status: .inProgress, events: events, now: now, policy: policy)
    #expect(clocks.acceptanceUsedSeconds == 3600)
    #expect(clocks.acceptanceTargetSeconds == 8 * 3600)
    #expect(!clocks.acceptanceBreached)
    // 10:00–15:00 worked, 15:00–16:00 and 08:00–09:00 paused, 09:00–10:00 worked.
    #expect(clocks.resolutionUsedSeconds == 6 * 3600)
    #expect(clocks.pausedSeconds == 2 * 3600)

    let waiting = SupportClocks.compute(
      channel: .portal, submittedAt: submitted, arrangedAt: nil, acceptedAt: nil, resolvedAt: nil, status: .waiting,
      events: [], now: now, policy: policy)
    #expect(waiting.acceptanceUsedSeconds == 9 * 3600)
    #expect(waiting.acceptanceBreached)
    #expect(waiting.acceptanceRemainingSeconds == -5 * 3600)
    #expect(ISO8601.format(waiting.acceptanceDeadline) == "2026-11-25T13:00:00+01:00")
  }

  @Test("resolving needs a solution; without one nothing changes")
  func resolveNeedsSolution() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let page = try await agent.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .resolve).path,
        form: ["solution": " ", "clearInstructions": "on"])
      #expect(page.status == .unprocessableEntity)
      #expect(page.body.string.contains("To polje je obvezno."))
      let request = try await WorkspaceFixtures.request(filed.requestID, on: app.db)
      #expect(request.status == .inProgress)
      #expect(request.solution == nil)
      #expect(!request.clearInstructions)
      _ = context
    }
  }

  @Test("refusal needs a reason, tells the customer, stops timers; reopen brings a resolved request back")
  func refuseAndReopen() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      try await TimeTracking.start(requestID: filed.requestID, in: context, on: app.db)
      await #expect(throws: WorkspaceError.self) {
        try await RequestWork.refuse(requestID: filed.requestID, reason: "", in: context, on: app.db)
      }
      try await RequestWork.refuse(
        requestID: filed.requestID, reason: "Vprašanje se nanaša na program drugega ponudnika.", in: context,
        on: app.db)
      let refused = try await WorkspaceFixtures.request(filed.requestID, on: app.db)
      #expect(refused.status == .refused)
      #expect(refused.refusalReason == "Vprašanje se nanaša na program drugega ponudnika.")
      #expect(try await TimeTracking.running(staffID: context.staff.id, now: clock.now, on: app.db) == nil)
      let mail = try #require(
        try await WorkspaceFixtures.mails(filed.requestID, kind: "request_refused", on: app.db).first)
      #expect(mail.bodyText.contains("drugega ponudnika"))

      let (second, _) = try await Self.taken(app, clock)
      _ = try await RequestWork.resolve(
        requestID: second.requestID, solution: "Rešeno.", clearInstructions: false, in: context, on: app.db)
      await #expect(throws: WorkspaceError.self) {
        try await RequestWork.reopen(requestID: second.requestID, reason: " ", in: context, on: app.db)
      }
      try await RequestWork.reopen(
        requestID: second.requestID, reason: "Stranka javlja, da ne deluje.", in: context, on: app.db)
      let reopened = try await WorkspaceFixtures.request(second.requestID, on: app.db)
      #expect(reopened.status == .inProgress)
      #expect(reopened.resolvedAt == nil)
      #expect(try await WorkspaceFixtures.events(second.requestID, on: app.db).last?.kind == "reopened")
    }
  }

  @Test("changing the category re-decides: legislation turns the request paid, with a timeline event each")
  func categoryRedecides() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      let changed = try await RequestWork.classify(
        requestID: filed.requestID,
        as: .init(category: .legislation, dataCorrection: false, remoteConnection: true, needsTraining: false),
        in: context, on: app.db)
      #expect(changed == .init(decisionChanged: true, outcome: .paid))
      let decision = try await WorkspaceFixtures.decision(filed.requestID, on: app.db)
      #expect(Set(WorkspaceFixtures.ruleIDs(decision)) == [.legislationOrBusiness, .remoteConnection])
      let kinds = try await WorkspaceFixtures.events(filed.requestID, on: app.db).map(\.kind)
      #expect(kinds.suffix(2) == ["category_changed", "decision"])
      let same = try await RequestWork.classify(
        requestID: filed.requestID,
        as: .init(category: .legislation, dataCorrection: false, remoteConnection: true, needsTraining: false),
        in: context, on: app.db)
      #expect(same == nil)
    }
  }

  @Test("linking a repeat resolved with clear instructions before filing makes it paid.repeated-question")
  func repeats() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(
        app, clock, subject: "Izvoz obrazca REK", body: "Kje najdem izvoz obrazca REK-1 za oddajo?")
      let request = try await WorkspaceFixtures.request(filed.requestID, on: app.db)
      let candidates = try await RepeatCandidates.candidates(for: request, on: app.db)
      let best = try #require(candidates.first)
      #expect(best.subject == "Izvoz REK obrazca", "the demo's earlier REK request ranks first")
      #expect(best.sameContact)

      let changed = try await RequestWork.linkRepeat(
        requestID: filed.requestID, earlierNumber: best.number, in: context, on: app.db)
      #expect(changed?.decisionChanged == true)
      let decision = try await WorkspaceFixtures.decision(filed.requestID, on: app.db)
      #expect(WorkspaceFixtures.ruleIDs(decision) == [.repeatedQuestion])
      let evidence = try #require(RequestDecisions.rules(of: decision).first?.evidence["earlierRequests"])
      #expect(evidence.arrayValue?.count == 1)

      _ = try await RequestWork.unlinkRepeat(requestID: filed.requestID, in: context, on: app.db)
      #expect(try await WorkspaceFixtures.decision(filed.requestID, on: app.db).outcome == .free)

      // A request of another organisation cannot be linked.
      let foreign = try #require(
        try await SupportRequest.query(on: app.db).filter(\.$subject == "Poročilo o plačah").first())
      await #expect(throws: WorkspaceError.self) {
        try await RequestWork.linkRepeat(
          requestID: filed.requestID, earlierNumber: foreign.number, in: context, on: app.db)
      }
    }
  }

  @Test("linking a published article makes it paid; an article published after filing is shown but does not count")
  func knowledge() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(
        app, clock, subject: "Oddaja REK-1 na eDavke", body: "Kako oddam obrazec REK-1 na eDavke?")
      let request = try await WorkspaceFixtures.request(filed.requestID, on: app.db)
      let matches = try await ArticleMatches.matches(for: request, now: clock.now, on: app.db)
      let rek = try #require(matches.first { $0.title.contains("REK") })
      #expect(!rek.publishedAfterFiling)

      clock.advance(seconds: 600)
      let late = Article()
      late.slug = "rek-novo"
      late.kind = .article
      late.title = "REK-1: novosti pri oddaji na eDavke"
      late.bodyMarkdown = "Obrazec REK-1 oddate na eDavke."
      late.tags = "rek"
      late.visibility = .public
      late.status = .published
      late.publishedAt = clock.now
      late.createdAt = clock.now
      late.updatedAt = clock.now
      try await late.create(on: app.db)
      var now = context
      now.now = clock.now
      let ignored = try await RequestWork.linkKnowledge(
        requestID: filed.requestID, reference: .article(try late.requireID()), in: now, on: app.db)
      #expect(ignored?.decisionChanged == false)
      #expect(try await WorkspaceFixtures.decision(filed.requestID, on: app.db).outcome == .free)

      let counted = try await RequestWork.linkKnowledge(
        requestID: filed.requestID, reference: rek.reference, in: now, on: app.db)
      #expect(counted?.decisionChanged == true)
      let decision = try await WorkspaceFixtures.decision(filed.requestID, on: app.db)
      #expect(WorkspaceFixtures.ruleIDs(decision) == [.answerInKnowledgeBase])
      let published = RequestDecisions.rules(of: decision).first?.evidence["published"]?.arrayValue ?? []
      #expect(published.count == 1, "only the article published before filing is evidence")

      await #expect(throws: WorkspaceError.self) {
        try await RequestWork.linkKnowledge(requestID: filed.requestID, reference: rek.reference, in: now, on: app.db)
      }
      await #expect(throws: WorkspaceError.self) {
        try await RequestWork.linkKnowledge(
          requestID: filed.requestID, reference: .article(99_999), in: now, on: app.db)
      }
      let page = try await RequestWorkQueries.view(
        number: filed.number, staffID: context.staff.id, now: clock.now, policy: app.policy, on: app.db)
      #expect(page.linked.count == 2)
      #expect(page.linked.filter(\.counts).count == 1)
    }
  }

  @Test("what an agent typed comes back escaped: no markup from a form reaches the page")
  func typedInputIsEscaped() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, _) = try await Self.taken(app, clock)
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let attack = "\"><script>alert(1)</script>"
      let page = try await agent.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .logTime).path, form: ["minutes": attack, "note": attack])
      #expect(page.status == .unprocessableEntity)
      #expect(!page.body.string.contains("<script>alert(1)"))
      #expect(page.body.string.contains("&quot;&gt;&lt;script&gt;"))
      let search = try await agent.get(SiteURL.workspacePhone.path + "?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
      #expect(!search.body.string.contains("<script>alert(1)"))
    }
  }

  @Test("the request page shows the customer's context, the decision with its reasons, and every form")
  func requestPage() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, _) = try await Self.taken(app, clock)
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let page = try await agent.get(SiteURL.workspaceRequest(.value(filed.number)).path)
      #expect(page.status == .ok)
      let text = page.body.string
      for expected in [
        "Demo d.o.o.", "Ana Novak", "+386 1 234 56 01", "uvajanje opravljeno", "free.short-usage-question",
        RuleID.shortUsageQuestion.slovenianText, "Začni merjenje", "Reši", "Javni odgovor stranki",
        "Interna opomba", "Zavrni", "Prejšnje zahteve organizacije", "<meter",
      ] {
        #expect(text.contains(expected), "\(expected)")
      }
      #expect(!text.contains("Preglasi odločitev"), "overrides are for supervisors")
      #expect(!text.contains("<script"), "the page works without JavaScript")
    }
  }
}

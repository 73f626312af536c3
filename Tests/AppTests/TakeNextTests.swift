import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor

@testable import App

@Suite("Take next: the head of the waiting list, never the same request to two agents")
struct TakeNextTests {
  @Test("take next claims the head in the engine's order: a due arrangement first, then portal, then e-mail")
  func order() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let email = try await WorkspaceFixtures.file("ana@demo.si", channel: .email, app: app, now: clock.now)
      clock.advance(seconds: 60)
      let portal = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      clock.advance(seconds: 60)
      let arranged = try await WorkspaceFixtures.file("boris@demo.si", program: "FAK", app: app, now: clock.now)
      let later = try await WorkspaceFixtures.file("boris@demo.si", program: "DK", app: app, now: clock.now)
      for (id, at) in [(arranged.requestID, clock.now - 60), (later.requestID, clock.now + 3 * 3600)] {
        let request = try await WorkspaceFixtures.request(id, on: app.db)
        request.arrangedAt = at
        try await request.save(on: app.db)
      }
      let context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      var taken: [Int] = []
      while case .claimed(let claim) = try await WorkClaims.takeNext(in: context, on: app.db) {
        taken.append(claim.requestID)
      }
      #expect(taken == [arranged.requestID, portal.requestID, email.requestID])
      let outcome = try await WorkClaims.takeNext(in: context, on: app.db)
      #expect(outcome == .arrangedLater(clock.now + 3 * 3600), "an arranged request is not taken before its time")
      #expect(try await WorkspaceFixtures.request(later.requestID, on: app.db).status == .waiting)
    }
  }

  @Test("a claim is visible to the customer at once: in progress, accepted event for them, and a mail")
  func claimIsVisible() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      let context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      let outcome = try await WorkClaims.takeNext(in: context, on: app.db)
      #expect(outcome == .claimed(Claim(requestID: filed.requestID, number: filed.number)))
      let accepted = try #require(
        try await WorkspaceFixtures.events(filed.requestID, on: app.db).first { $0.kind == "accepted" })
      #expect(accepted.visibleToCustomer)
      #expect(accepted.actorName == "Andrej Agent")
      let mail = try #require(
        try await WorkspaceFixtures.mails(filed.requestID, kind: "request_accepted", on: app.db).first)
      #expect(mail.recipient == "ana@demo.si")
      #expect(mail.subject.contains(filed.number))
      #expect(try await WorkClaims.takeNext(in: context, on: app.db) == .nothingWaiting)
    }
  }

  @Test("on a Saturday take next is refused unless an arrangement of the request's organisation covers the moment")
  func outsideHours() async throws {
    let friday = ISO8601.parse("2026-11-27T15:00:00+01:00")!
    try await TestApp.run(now: friday, seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let demo = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      let saturday = ISO8601.parse("2026-11-28T10:00:00+01:00")!
      clock.set(saturday)
      let context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      let refused = try await WorkClaims.takeNext(in: context, on: app.db)
      guard case .outsideHours(let rule) = refused else {
        Issue.record("expected refuse.outside-hours, got \(refused)")
        return
      }
      #expect(rule.id == .outsideHours)
      #expect(rule.evidence["nextOpening"]?.stringValue == "2026-11-30T08:00:00+01:00")
      #expect(try await WorkspaceFixtures.request(demo.requestID, on: app.db).status == .waiting)

      // Over HTTP the agent reads why.
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let page = try await agent.post(SiteURL.workspaceTakeNext.path, form: [:])
      #expect(page.status == .conflict)
      #expect(page.body.string.contains("refuse.outside-hours"))

      let organisation = try await WorkspaceFixtures.request(demo.requestID, on: app.db).$organisation.id
      try await Arrangement(
        organisationID: organisation, startsAt: saturday - 3600, endsAt: saturday + 3 * 3600,
        note: "Sobotni zaključek plač"
      ).create(on: app.db)
      let claimed = try await WorkClaims.takeNext(in: context, on: app.db)
      #expect(claimed == .claimed(Claim(requestID: demo.requestID, number: demo.number)))
    }
  }

  @Test("20 concurrent claimers take 200 requests: each request is claimed exactly once, by the agent it names")
  func concurrentClaimers() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let ana = try #require(try await Contact.query(on: app.db).filter(\.$email == "ana@demo.si").first())
      let program = try #require(try await Program.query(on: app.db).filter(\.$code == "PL").first())
      var requestIDs: Set<Int> = []
      for index in 0..<200 {
        let request = SupportRequest(
          number: "T-\(1000 + index)", organisationID: ana.$organisation.id, contactID: ana.id,
          programID: program.id, channel: index % 3 == 0 ? .email : .portal, category: .usage,
          subject: "Vprašanje \(index)", body: "Besedilo \(index)",
          submittedAt: clock.now - Double(200 - index) * 60)
        try await request.create(on: app.db)
        requestIDs.insert(try request.requireID())
      }
      var claimers: [StaffViewer] = []
      for index in 0..<20 {
        let staff = StaffUser(
          name: "Agent \(index)", email: "agent\(index)@claims.test", passwordHash: "x", role: .agent,
          presence: .onDuty)
        try await staff.create(on: app.db)
        claimers.append(StaffViewer(id: try staff.requireID(), name: staff.name, email: staff.email, role: .agent))
      }

      let now = clock.now
      let claims = try await withThrowingTaskGroup(of: (Int, [Int]).self) { group in
        for claimer in claimers {
          group.addTask {
            let context = WorkspaceFixtures.context(claimer, app: app, now: now)
            var mine: [Int] = []
            while case .claimed(let claim) = try await WorkClaims.takeNext(in: context, on: app.db) {
              mine.append(claim.requestID)
            }
            return (claimer.id, mine)
          }
        }
        var all: [(Int, [Int])] = []
        for try await result in group { all.append(result) }
        return all
      }

      let taken = claims.flatMap(\.1)
      #expect(taken.count == 200, "every request claimed")
      #expect(Set(taken) == requestIDs, "each exactly once")
      #expect(claims.filter { !$0.1.isEmpty }.count > 1, "the work was shared between claimers")
      let owner = Dictionary(uniqueKeysWithValues: claims.flatMap { claim in claim.1.map { ($0, claim.0) } })
      let stored = try await SupportRequest.query(on: app.db).filter(\.$id ~~ Array(requestIDs)).all()
      for request in stored {
        #expect(request.status == .inProgress)
        #expect(request.$assignee.id == owner[try request.requireID()])
      }
      let accepted = try await RequestEvent.query(on: app.db).filter(\.$request.$id ~~ Array(requestIDs))
        .filter(\.$kind == "accepted").all()
      #expect(accepted.count == 200)
      #expect(Set(accepted.map(\.$request.id)).count == 200)
      #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "request_accepted").count() == 200)
    }
  }

  @Test("a supervisor assigning a waiting request claims it for the agent; a taken request cannot be claimed again")
  func claimOne() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      let supervisor = try await WorkspaceFixtures.context("vodja@podpora.si", app: app, now: clock.now)
      let nina = try #require(try await StaffUser.query(on: app.db).filter(\.$email == "nina@podpora.si").first())
      try await SupervisorActions.reassign(
        requestID: filed.requestID, to: try nina.requireID(), in: supervisor, on: app.db)
      let request = try await WorkspaceFixtures.request(filed.requestID, on: app.db)
      #expect(request.status == .inProgress)
      #expect(request.$assignee.id == nina.id)
      await #expect(throws: WorkspaceError.self) {
        try await WorkClaims.claim(requestID: filed.requestID, for: nina, in: supervisor, on: app.db)
      }
      #expect(
        try await RequestEvent.query(on: app.db).filter(\.$request.$id == filed.requestID).filter(\.$kind == "accepted")
          .count() == 1)
    }
  }
}

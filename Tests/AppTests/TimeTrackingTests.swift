import Fluent
import Foundation
import SQLKit
import SupportPolicy
import Testing
import Vapor

@testable import App

@Suite("Time tracking: one running timer per agent, manual entries, the free limit, support hours")
struct TimeTrackingTests {
  /// A request of ana's (PL, free) that the demo agent has taken.
  static func taken(
    _ app: Application, _ clock: FixedClock, program: String = "PL"
  ) async throws -> (
    FilingResult, WorkContext
  ) {
    try await WorkspaceFixtures.clearWaitingList(on: app.db)
    let filed = try await WorkspaceFixtures.file("ana@demo.si", program: program, app: app, now: clock.now)
    let context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
    _ = try await WorkClaims.takeNext(in: context, on: app.db)
    return (filed, context)
  }

  @Test("starting a timer on another request stops the first and logs its minutes")
  func oneRunningTimer() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (first, context) = try await Self.taken(app, clock)
      let second = try await WorkspaceFixtures.file(
        "ana@demo.si", subject: "Regres", body: "Izplačilo regresa", app: app, now: clock.now)
      _ = try await WorkClaims.takeNext(in: context, on: app.db)

      try await TimeTracking.start(requestID: first.requestID, in: context, on: app.db)
      clock.advance(seconds: 7 * 60 + 20)
      var later = context
      later.now = clock.now
      let stopped = try #require(try await TimeTracking.start(requestID: second.requestID, in: later, on: app.db))
      #expect(stopped.requestID == first.requestID)
      #expect(stopped.minutesLogged == 7)
      let running = try await TimeEntry.query(on: app.db).filter(\.$staff.$id == context.staff.id)
        .filter(\.$endedAt == nil).all()
      #expect(running.count == 1)
      #expect(running.first?.$request.id == second.requestID)
      #expect(
        try await TimeTracking.running(staffID: context.staff.id, now: clock.now, on: app.db)?.number == second.number)
    }
  }

  @Test("the database refuses a second running timer for one agent, whatever the code does")
  func runningTimerIndex() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      try await TimeEntry(
        requestID: filed.requestID, staffID: context.staff.id, startedAt: clock.now, endedAt: nil, minutes: 0,
        manual: false, note: ""
      ).create(on: app.db)
      await #expect(throws: (any Error).self) {
        try await TimeEntry(
          requestID: filed.requestID, staffID: context.staff.id, startedAt: clock.now, endedAt: nil, minutes: 0,
          manual: false, note: ""
        ).create(on: app.db)
      }
    }
  }

  @Test("two agents swapping timers between the same two requests at once never deadlock")
  func swappingTimers() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (first, andrej) = try await Self.taken(app, clock)
      let second = try await WorkspaceFixtures.file(
        "ana@demo.si", subject: "Regres", body: "Izplačilo regresa", app: app, now: clock.now)
      _ = try await WorkClaims.takeNext(in: andrej, on: app.db)
      let vesna = try await WorkspaceFixtures.context("vodja@podpora.si", app: app, now: clock.now)
      try await TimeTracking.start(requestID: first.requestID, in: andrej, on: app.db)
      try await TimeTracking.start(requestID: second.requestID, in: vesna, on: app.db)

      // Each round both agents move to the request the other one is timing: opposite lock orders if unordered.
      try await withThrowingTaskGroup(of: Void.self) { group in
        for (agent, order) in [(andrej, [second, first]), (vesna, [first, second])] {
          group.addTask {
            for round in 0..<12 {
              try await TimeTracking.start(requestID: order[round % 2].requestID, in: agent, on: app.db)
            }
          }
        }
        try await group.waitForAll()
      }

      let running = try await TimeEntry.query(on: app.db).filter(\.$endedAt == nil).all()
      #expect(running.count == 2)
      #expect(Set(running.map(\.$staff.id)) == [andrej.staff.id, vesna.staff.id])
      #expect(Set(running.map(\.$request.id)) == [first.requestID, second.requestID])
    }
  }

  @Test("manual entries add up; crossing the free limit turns the decision paid and says so")
  func manualEntriesCrossTheLimit() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      let first = try await TimeTracking.log(
        requestID: filed.requestID, minutes: 10, note: "klic", in: context, on: app.db)
      #expect(!first.crossedFreeLimit)
      #expect(first.outcome == .free)
      let second = try await TimeTracking.log(requestID: filed.requestID, minutes: 6, note: "", in: context, on: app.db)
      #expect(second.totalMinutes == 16)
      #expect(second.crossedFreeLimit)
      #expect(second.decisionChanged)
      #expect(second.outcome == .paid)
      #expect(second.ruleIDs == ["paid.complex-over-15-min"])
      #expect(WorkspaceControllerNotice.of(second) == "limit-crossed")
      let third = try await TimeTracking.log(requestID: filed.requestID, minutes: 5, note: "", in: context, on: app.db)
      #expect(!third.crossedFreeLimit)
      #expect(!third.decisionChanged)
    }
  }

  @Test("a starter's request stays free past the limit: free.new-program-starter waives the length")
  func starterWaiver() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // ana attended the FAK seminar 30 days ago.
      let (filed, context) = try await Self.taken(app, clock, program: "FAK")
      let logged = try await TimeTracking.log(
        requestID: filed.requestID, minutes: 25, note: "", in: context, on: app.db)
      #expect(logged.crossedFreeLimit)
      #expect(logged.outcome == .free)
      #expect(logged.ruleIDs.contains("free.new-program-starter"))
      #expect(!logged.ruleIDs.contains("paid.complex-over-15-min"))
      #expect(WorkspaceControllerNotice.of(logged) != "limit-crossed")
    }
  }

  @Test("bad minutes are refused with the field named and write nothing")
  func badEntries() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      for minutes in [0, -5, 601] {
        await #expect(throws: WorkspaceError.self) {
          try await TimeTracking.log(requestID: filed.requestID, minutes: minutes, note: "", in: context, on: app.db)
        }
      }
      #expect(try await TimeEntry.query(on: app.db).filter(\.$request.$id == filed.requestID).count() == 0)

      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let page = try await agent.post(
        SiteURL.workspaceRequestAction(.value(filed.number), .logTime).path, form: ["minutes": "dvajset"])
      #expect(page.status == .unprocessableEntity)
      #expect(page.body.string.contains("Vpišite število minut."))
      #expect(try await TimeEntry.query(on: app.db).filter(\.$request.$id == filed.requestID).count() == 0)
    }
  }

  @Test("no work is logged outside support hours unless an arrangement of the organisation covers it")
  func outsideHours() async throws {
    let friday = ISO8601.parse("2026-11-27T15:50:00+01:00")!
    try await TestApp.run(now: friday, seedDemo: true) { app, clock in
      let (filed, context) = try await Self.taken(app, clock)
      try await TimeTracking.start(requestID: filed.requestID, in: context, on: app.db)

      // Left running over the weekend, the timer ends at closing time: ten minutes, not two days.
      clock.set(ISO8601.parse("2026-11-28T10:00:00+01:00")!)
      var saturday = context
      saturday.now = clock.now
      let stopped = try #require(try await TimeTracking.stop(in: saturday, on: app.db))
      #expect(stopped.minutesLogged == 10)

      await #expect(throws: WorkspaceError.self) {
        try await TimeTracking.log(requestID: filed.requestID, minutes: 5, note: "", in: saturday, on: app.db)
      }
      await #expect(throws: WorkspaceError.self) {
        try await TimeTracking.start(requestID: filed.requestID, in: saturday, on: app.db)
      }
      let organisation = try await WorkspaceFixtures.request(filed.requestID, on: app.db).$organisation.id
      try await Arrangement(
        organisationID: organisation, startsAt: clock.now - 3600, endsAt: clock.now + 3600, note: "Sobota"
      ).create(on: app.db)
      let logged = try await TimeTracking.log(
        requestID: filed.requestID, minutes: 5, note: "", in: saturday, on: app.db)
      #expect(logged.totalMinutes == 15)
    }
  }

  @Test("a request that is not being worked on takes no time")
  func notWorkable() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      let context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      await #expect(throws: WorkspaceError.self) {
        try await TimeTracking.start(requestID: filed.requestID, in: context, on: app.db)
      }
      #expect(try await TimeEntry.query(on: app.db).filter(\.$request.$id == filed.requestID).count() == 0)
    }
  }
}

/// The notice the controller shows after logging time, for tests.
enum WorkspaceControllerNotice {
  static func of(_ logged: TimeLogged) -> String { WorkspaceController.notice(for: logged) }
}

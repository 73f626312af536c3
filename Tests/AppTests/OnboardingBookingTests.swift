import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import Wording

@testable import App

@Suite("Onboarding bookings and new colleagues: the way out of refuse.person-not-onboarded")
struct OnboardingBookingTests {
  static func liveOutcome(_ browser: TestBrowser, program: String = "PL") async throws -> (String, String) {
    let live = try await PortalFixtures.live(browser, PortalFixtures.newRequest(program: program, intent: "check"))
    #expect(live.status == .ok)
    let assessment = try JSONDecoder().decode(PortalController.LiveAssessment.self, from: live.body)
    return (assessment.outcome, assessment.verdict)
  }

  static func bookings(_ email: String, on db: any Database) async throws -> [TrainingBooking] {
    let contact = try await PortalFixtures.contact(email, on: db)
    return try await TrainingBooking.query(on: db).filter(\.$contact.$id == contact.requireID()).all()
  }

  @Test("a refused contact books onboarding, support schedules and completes it, and the next verdict is no refusal")
  func bookScheduleComplete() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let eva = try await PortalFixtures.signedIn(app, "eva@tuji.si")
      let (before, verdict) = try await Self.liveOutcome(eva)
      #expect(before == "refused")
      #expect(verdict.contains("refuse.person-not-onboarded"))
      #expect(verdict.contains(SiteURL.portalOnboarding.path))

      let booked = try await eva.post(
        SiteURL.portalOnboarding.path,
        form: ["program": "PL", "kind": "onboarding", "preferred": "torek dopoldne", "note": "Dva nova obračuna"])
      #expect(booked.status == .seeOther)
      let booking = try #require(try await Self.bookings("eva@tuji.si", on: app.db).first)
      #expect(booking.status == .requested)
      #expect(booking.preferred == "torek dopoldne")
      let confirmation = try await OutboxMessage.query(on: app.db).filter(\.$kind == "training_booked").all()
      #expect(confirmation.map(\.recipient) == ["eva@tuji.si"])
      let portalPage = try await eva.get(SiteURL.portalOnboarding.path)
      #expect(portalPage.body.string.contains("torek dopoldne"))

      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let list = try await agent.get(SiteURL.workspaceBookings.path)
      #expect(list.status == .ok)
      #expect(list.body.string.contains("booking-\(try booking.requireID())"))
      let id = try booking.requireID()

      let past = try await agent.post(
        SiteURL.workspaceBookingAction(.value(id), .schedule).path,
        form: ["scheduledAt": Wording(.sl).field(clock.now - 3600), "staffNote": ""])
      #expect(past.status == .unprocessableEntity)
      #expect(try await TrainingBooking.find(booking.id, on: app.db)?.status == .requested)

      let when = clock.now + 2 * 86_400
      let scheduled = try await agent.post(
        SiteURL.workspaceBookingAction(.value(id), .schedule).path,
        form: ["scheduledAt": Wording(.sl).field(when), "staffNote": "Povezava pride po e-pošti."])
      #expect(scheduled.status == .seeOther)
      let afterScheduling = try #require(try await TrainingBooking.find(booking.id, on: app.db))
      #expect(afterScheduling.status == .scheduled)
      #expect(afterScheduling.scheduledAt.map { abs($0.timeIntervalSince(when)) < 60 } == true)
      let dateMail = try await OutboxMessage.query(on: app.db).filter(\.$kind == "training_scheduled").all()
      #expect(dateMail.count == 1)
      #expect(dateMail.first?.bodyText.contains("Povezava pride po e-pošti.") == true)

      clock.advance(seconds: 2 * 86_400 + 3600)
      let completed = try await agent.post(SiteURL.workspaceBookingAction(.value(id), .complete).path, form: [:])
      #expect(completed.status == .seeOther)
      let eveContact = try await PortalFixtures.contact("eva@tuji.si", on: app.db)
      let trainings = try await Training.query(on: app.db).filter(\.$contact.$id == eveContact.requireID()).all()
      #expect(trainings.map(\.kind) == [.onboarding])
      #expect(trainings.first?.completedOn == "2026-11-27")
      let audit = try await AuditEntry.query(on: app.db).filter(
        \.$action ~~ [
          "training_booking.scheduled", "training_booking.completed",
        ]
      ).all()
      #expect(audit.count == 2)
      #expect(audit.allSatisfy { $0.actor == "staff:agent@podpora.si" && $0.subject == "eva@tuji.si" })

      let again = try await agent.post(SiteURL.workspaceBookingAction(.value(id), .complete).path, form: [:])
      #expect(again.status == .conflict)
      #expect(try await Training.query(on: app.db).filter(\.$contact.$id == eveContact.requireID()).count() == 1)

      let (after, afterVerdict) = try await Self.liveOutcome(eva)
      #expect(after != "refused")
      #expect(!afterVerdict.contains("refuse.person-not-onboarded"))
    }
  }

  @Test("bad bookings are refused with the field named and store nothing; a second open booking is a conflict")
  func badBookings() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let eva = try await PortalFixtures.signedIn(app, "eva@tuji.si")
      let cases: [([String: String], HTTPResponseStatus, String)] = [
        (["program": "PL", "kind": "onboarding", "preferred": "   "], .unprocessableEntity, "preferred"),
        (["program": "XX", "kind": "onboarding", "preferred": "jutri"], .unprocessableEntity, "program"),
        (["program": "PL", "kind": "webinar", "preferred": "jutri"], .unprocessableEntity, "kind"),
        (
          ["program": "PL", "kind": "seminar", "preferred": String(repeating: "x", count: 201)],
          .unprocessableEntity, "preferred"
        ),
      ]
      for (form, status, field) in cases {
        let response = try await eva.post(SiteURL.portalOnboarding.path, form: form)
        #expect(response.status == status, "\(form)")
        #expect(response.body.string.contains("data-field=\"\(field)\""), "\(form)")
      }
      #expect(try await Self.bookings("eva@tuji.si", on: app.db).isEmpty)
      #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "training_booked").count() == 0)

      let form = ["program": "PL", "kind": "onboarding", "preferred": "<script>alert(1)</script>"]
      #expect(try await eva.post(SiteURL.portalOnboarding.path, form: form).status == .seeOther)
      let second = try await eva.post(SiteURL.portalOnboarding.path, form: form)
      #expect(second.status == .conflict)
      #expect(try await Self.bookings("eva@tuji.si", on: app.db).count == 1)
      let page = try await eva.get(SiteURL.portalOnboarding.path)
      #expect(!page.body.string.contains("<script>alert(1)</script>"))
      #expect(page.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
  }

  @Test("a contact cancels only their own booking; another organisation's is not found")
  func cancelOwnOnly() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let eva = try await PortalFixtures.signedIn(app, "eva@tuji.si")
      try await eva.post(
        SiteURL.portalOnboarding.path, form: ["program": "PL", "kind": "onboarding", "preferred": "kadarkoli"])
      let booking = try #require(try await Self.bookings("eva@tuji.si", on: app.db).first)
      let path = SiteURL.portalOnboardingCancel(.value(try booking.requireID())).path

      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      #expect(try await ana.post(path, form: [:]).status == .notFound)
      #expect(try await TrainingBooking.find(booking.id, on: app.db)?.status == .requested)

      #expect(try await eva.post(path, form: [:]).status == .seeOther)
      #expect(try await TrainingBooking.find(booking.id, on: app.db)?.status == .cancelled)
      #expect(try await eva.post(path, form: [:]).status == .conflict)
    }
  }

  @Test("an organisation admin marks a new colleague, whose next verdict is paid instead of refused; no one else can")
  func newColleague() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let dora = try await PortalFixtures.contact("dora@demo.si", on: app.db)
      dora.newColleague = false
      try await dora.save(on: app.db)
      let doraBrowser = try await PortalFixtures.signedIn(app, "dora@demo.si")
      #expect(try await Self.liveOutcome(doraBrowser).0 == "refused")

      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      #expect(try await ana.get(SiteURL.portalColleagues.path).status == .forbidden)
      let doraPath = SiteURL.portalColleagueNewColleague(.value(try dora.requireID())).path
      #expect(try await ana.post(doraPath, form: ["value": "1"]).status == .forbidden)
      #expect(try await Contact.find(dora.id, on: app.db)?.newColleague == false)
      let eva = try await PortalFixtures.contact("eva@tuji.si", on: app.db)
      let boris = try await PortalFixtures.signedIn(app, "boris@demo.si")
      let evaPath = SiteURL.portalColleagueNewColleague(.value(try eva.requireID())).path
      #expect(try await boris.post(evaPath, form: ["value": "1"]).status == .notFound)
      #expect(try await Contact.find(eva.id, on: app.db)?.newColleague == false)

      let page = try await boris.get(SiteURL.portalColleagues.path)
      #expect(page.status == .ok)
      #expect(page.body.string.contains("dora@demo.si"))
      #expect(!page.body.string.contains("eva@tuji.si"))
      #expect(try await boris.post(doraPath, form: ["value": "1"]).status == .seeOther)
      #expect(try await Contact.find(dora.id, on: app.db)?.newColleague == true)
      let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "contact.new_colleague").all()
      #expect(audit.map(\.subject) == ["dora@demo.si"])
      let (outcome, verdict) = try await Self.liveOutcome(doraBrowser)
      #expect(outcome == "paid")
      #expect(verdict.contains("paid.no-onboarding-or-settings"))
    }
  }
}

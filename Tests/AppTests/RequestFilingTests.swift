import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor

@testable import App

@Suite("Filing a request: one path for every channel, decided by the policy, in one transaction")
struct RequestFilingTests {
  static func draft(
    _ email: String, program: String = "PL", channel: RequestChannel = .portal, category: RequestCategory = .usage,
    on db: any Database
  ) async throws -> RequestDraft {
    let contact = try #require(try await Contact.query(on: db).filter(\.$email == email).first())
    return RequestDraft(
      organisationID: contact.$organisation.id, contactID: contact.id, programCode: program, channel: channel,
      category: category, subject: "Obračun plač", body: "Kako zaključim obračun?")
  }

  static func file(_ draft: RequestDraft, app: Application, now: Date) async throws -> FilingResult {
    try await RequestFiling.file(
      draft, by: .system, now: now, policy: app.policy,
      mail: MailSettings(publicURL: app.configuration.publicURL, mailFrom: app.configuration.mailFrom),
      dialect: app.dialect, on: app.db)
  }

  @Test("ana's portal question is free, waits on the list with a position and estimate, and she gets a confirmation")
  func freePortalRequest() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let result = try await Self.file(try await Self.draft("ana@demo.si", on: app.db), app: app, now: clock.now)

      #expect(result.decision.outcome == .free)
      #expect(result.decision.ruleIDs == [.shortUsageQuestion])
      #expect(result.number.hasPrefix("2026-"))
      let position = try #require(result.position)
      #expect(position.ahead >= 1, "the demo's older portal requests are ahead of it")
      #expect(position.estimatedStart >= clock.now)

      let stored = try #require(try await SupportRequest.find(result.requestID, on: app.db))
      #expect(stored.status == .waiting)
      #expect(stored.outcome == .free)
      let events = try await RequestEvent.query(on: app.db).filter(\.$request.$id == result.requestID).all().map(\.kind)
      #expect(events == ["submitted", "waiting_list"])
      #expect(try await DecisionRecord.query(on: app.db).filter(\.$request.$id == result.requestID).count() == 1)
      let mail = try #require(
        try await OutboxMessage.query(on: app.db).filter(\.$request.$id == result.requestID).first())
      #expect(mail.recipient == "ana@demo.si")
      #expect(mail.subject.contains(result.number))
      #expect(mail.bodyText.contains("brezplačna"))
    }
  }

  @Test("dora (new colleague) is billed and must consent; without consent nothing is stored")
  func paidNeedsConsent() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      var draft = try await Self.draft("dora@demo.si", on: app.db)
      let before = try await SupportRequest.query(on: app.db).count()
      await #expect(throws: FilingError.consentRequired) { try await Self.file(draft, app: app, now: clock.now) }
      #expect(try await SupportRequest.query(on: app.db).count() == before)

      draft.paidConsent = true
      let result = try await Self.file(draft, app: app, now: clock.now)
      #expect(result.decision.outcome == .paid)
      #expect(result.decision.ruleIDs.contains(.noOnboardingOrSettings))
    }
  }

  @Test("cene's organisation has unpaid obligations: refused, kept as a record only when he insists")
  func refusedUnpaid() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      var draft = try await Self.draft("cene@dolznik.si", on: app.db)
      await #expect(throws: FilingError.refused) { try await Self.file(draft, app: app, now: clock.now) }

      draft.keepIfRefused = true
      let result = try await Self.file(draft, app: app, now: clock.now)
      #expect(result.decision.outcome == .refused)
      #expect(result.decision.ruleIDs.contains(.unpaidObligations))
      #expect(result.position == nil)
      let stored = try #require(try await SupportRequest.find(result.requestID, on: app.db))
      #expect(stored.status == .refused)
      #expect(stored.refusalReason == "refuse.unpaid-obligations")
    }
  }

  @Test("eva was never onboarded: refused with refuse.person-not-onboarded")
  func refusedNotOnboarded() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      var draft = try await Self.draft("eva@tuji.si", on: app.db)
      draft.keepIfRefused = true
      let result = try await Self.file(draft, app: app, now: clock.now)
      #expect(result.decision.outcome == .refused)
      #expect(result.decision.ruleIDs.contains(.personNotOnboarded))
    }
  }

  @Test("on a Saturday, an e-mail request waits for Monday 08:00 while a phone request is refused")
  func outsideHours() async throws {
    let saturday = ISO8601.parse("2026-11-28T11:00:00+01:00")!
    try await TestApp.run(now: saturday, seedDemo: true) { app, clock in
      var email = try await Self.draft("ana@demo.si", channel: .email, on: app.db)
      email.paidConsent = true
      let mail = try await Self.file(email, app: app, now: clock.now)
      #expect(mail.decision.outcome == .paid)
      #expect(mail.decision.ruleIDs.contains(.notViaPortal))
      #expect(ISO8601.format(mail.decision.workCanStartAt) == "2026-11-30T08:00:00+01:00")

      var phone = try await Self.draft("ana@demo.si", channel: .phone, on: app.db)
      phone.keepIfRefused = true
      let call = try await Self.file(phone, app: app, now: clock.now)
      #expect(call.decision.outcome == .refused)
      #expect(call.decision.ruleIDs.contains(.outsideHours))
    }
  }

  @Test("bad drafts are refused with the field named and leave nothing behind")
  func invalidDrafts() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let before = try await SupportRequest.query(on: app.db).count()
      var empty = try await Self.draft("ana@demo.si", on: app.db)
      empty.subject = "   "
      await #expect(throws: FilingError.invalid(.subject, .empty)) {
        try await Self.file(empty, app: app, now: clock.now)
      }
      var unknown = try await Self.draft("ana@demo.si", on: app.db)
      unknown.programCode = "XYZ"
      await #expect(throws: FilingError.invalid(.program, .unknown)) {
        try await Self.file(unknown, app: app, now: clock.now)
      }
      #expect(try await SupportRequest.query(on: app.db).count() == before)
    }
  }

  @Test("an unknown organisation is named as the problem, in both languages, not the program choice")
  func unknownOrganisation() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      var draft = try await Self.draft("ana@demo.si", on: app.db)
      draft.organisationID = 999_999
      draft.contactID = nil
      let error = FilingError.invalid(.organisation, .unknown)
      await #expect(throws: error) { try await Self.file(draft, app: app, now: clock.now) }

      // The portal shows it beside the program choice, worded as what is really wrong.
      #expect(PortalController.field(of: error) == .program)
      let sl = error.message(.sl, to: .customer)
      let en = error.message(.en, to: .customer)
      #expect(sl.contains("organizacija") && sl.contains("podpori"))
      #expect(en.contains("organisation is not set up") && en.contains("support"))
      for text in [sl, en, error.message(.sl, to: .agent), error.message(.en, to: .agent)] {
        #expect(!text.contains("program"), "\(text)")
      }
      #expect(FilingError.invalid(.program, .unknown).message(.en, to: .customer).contains("Choose a program"))
      #expect(error.apiProblem.detail.contains("organisation is not set up"))
    }
  }

  @Test("every demo request carries the policy's decision, and the outcomes match the demo logins' stories")
  func demoDecisions() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let requests = try await SupportRequest.query(on: app.db).with(\.$contact).all()
      for request in requests {
        let decision = try await RequestDecisions.current(requestID: try request.requireID(), on: app.db)
        #expect(decision?.outcome == request.outcome, "request \(request.number)")
      }
      let byContact = Dictionary(grouping: requests) { $0.contact?.email ?? "" }
      #expect(byContact["eva@tuji.si"]?.allSatisfy { $0.outcome == .refused } == true)
      #expect(byContact["dora@demo.si"]?.allSatisfy { $0.outcome == .paid } == true)
      #expect(byContact["ana@demo.si"]?.contains { $0.outcome == .free } == true)
      #expect(byContact["cene@dolznik.si"]?.contains { $0.outcome == .refused } == true)
    }
  }
}

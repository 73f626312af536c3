import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor
import Wording

@testable import App

@Suite("Back office: records the policy reads, validated, org-scoped and audited; invitations by e-mail")
struct BackOfficeTests {
  static func organisationID(_ name: String, on db: any Database) async throws -> Int {
    try #require(try await Organisation.query(on: db).filter(\.$name == name).first()).requireID()
  }

  static func audit(_ action: String, on db: any Database) async throws -> [AuditEntry] {
    try await AuditEntry.query(on: db).filter(\.$action == "backoffice.\(action)").all()
  }

  /// The path of the first link to this site in a mail body.
  static func linkPath(in text: String, base: URL) throws -> String {
    let prefix = base.absoluteString.hasSuffix("/") ? String(base.absoluteString.dropLast()) : base.absoluteString
    let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) })
    return String(line.dropFirst(prefix.count))
  }

  @Test("tax numbers: eight digits with the mod-11 check digit, an SI prefix and spaces allowed")
  func taxNumbers() {
    #expect(SlovenianTaxNumber.normalised("10000003") == "SI10000003")
    #expect(SlovenianTaxNumber.normalised("si 1234 5679") == "SI12345679")
    // Remainder 1 gives check digit 10, written 0.
    #expect(SlovenianTaxNumber.normalised("10800000") == "SI10800000")
    #expect(SlovenianTaxNumber.normalised("10000004") == nil, "wrong check digit")
    #expect(SlovenianTaxNumber.normalised("10600000") == nil, "remainder 0 has no check digit")
    #expect(SlovenianTaxNumber.normalised("01000003") == nil, "no leading zero")
    #expect(SlovenianTaxNumber.normalised("1000003") == nil)
    #expect(SlovenianTaxNumber.normalised("1000000３") == nil, "ASCII digits only")
  }

  @Test("an organisation needs a valid, unique tax number; each save is audited with who and what changed")
  func organisations() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let before = try await Organisation.query(on: app.db).count()

      let invalid = try await supervisor.post(
        SiteURL.backOfficeOrganisations.path,
        form: ["form": "new-organisation", "name": "Nova d.o.o.", "taxNumber": "10000004"])
      #expect(invalid.status == .unprocessableEntity)
      #expect(invalid.body.string.contains("kontrolno števko"))
      #expect(invalid.body.string.contains("check digit"))
      #expect(invalid.body.string.contains("value=\"Nova d.o.o.\""), "what was typed stays in the form")
      #expect(try await Organisation.query(on: app.db).count() == before)

      let created = try await supervisor.post(
        SiteURL.backOfficeOrganisations.path,
        form: ["form": "new-organisation", "name": "Nova d.o.o.", "taxNumber": "SI 1000 0003"])
      #expect(created.status == .seeOther)
      let id = try await Self.organisationID("Nova d.o.o.", on: app.db)
      #expect(
        created.headers.first(name: .location) == SiteURL.backOfficeOrganisation(.value(id)).path + "?notice=saved")
      let stored = try #require(try await Organisation.find(id, on: app.db))
      #expect(stored.taxNumber == "SI10000003")
      #expect(stored.standing == .ok)

      let duplicate = try await supervisor.post(
        SiteURL.backOfficeOrganisations.path,
        form: ["form": "new-organisation", "name": "Kopija", "taxNumber": "10000003"])
      #expect(duplicate.status == .unprocessableEntity)
      #expect(try await Organisation.query(on: app.db).filter(\.$name == "Kopija").count() == 0)

      let renamed = try await supervisor.post(
        SiteURL.backOfficeOrganisation(.value(id)).path, form: ["name": "Nova 2 d.o.o.", "taxNumber": "SI10000003"])
      #expect(renamed.status == .seeOther)
      #expect(try await Organisation.find(id, on: app.db)?.name == "Nova 2 d.o.o.")

      let created1 = try await Self.audit("organisation.created", on: app.db)
      #expect(created1.count == 1)
      #expect(created1.first?.actor == "staff:vodja@podpora.si")
      #expect(created1.first?.subject == "organisation:\(id)")
      let updated = try #require(try await Self.audit("organisation.updated", on: app.db).first)
      let details = try JSONDecoder().decode([String: String].self, from: Data(updated.details.utf8))
      #expect(details["name"] == "Nova 2 d.o.o.")
      #expect(details["name.before"] == "Nova d.o.o.")

      // A legacy number stored before validation stays editable as long as it is not changed.
      let demoID = try await Self.organisationID("Demo d.o.o.", on: app.db)
      let legacy = try await supervisor.post(
        SiteURL.backOfficeOrganisation(.value(demoID)).path, form: ["name": "Demo d.o.o.", "taxNumber": "SI12345678"])
      #expect(legacy.status == .seeOther)

      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      #expect(try await agent.get(SiteURL.backOfficeOrganisations.path).status == .forbidden)
      let forbidden = try await agent.post(
        SiteURL.backOfficeOrganisations.path, form: ["name": "Agentova", "taxNumber": "10800000"])
      #expect(forbidden.status == .forbidden)
      #expect(try await Organisation.query(on: app.db).filter(\.$name == "Agentova").count() == 0)
    }
  }

  @Test("a new contact gets an invitation in the outbox whose link sets the password and lets them sign in")
  func contactInvitation() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let demoID = try await Self.organisationID("Demo d.o.o.", on: app.db)
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let missing = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(demoID), .contacts).path,
        form: ["form": "new-contact", "name": "Zala Nova", "email": "ni-naslov"])
      #expect(missing.status == .unprocessableEntity)
      #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "contact_invitation").count() == 0)

      let added = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(demoID), .contacts).path,
        form: ["form": "new-contact", "name": "Zala Nova", "email": "Zala@Demo.si", "newColleague": "on"])
      #expect(added.status == .seeOther)
      let contact = try #require(try await Contact.query(on: app.db).filter(\.$email == "zala@demo.si").first())
      #expect(contact.$organisation.id == demoID)
      #expect(contact.newColleague)
      #expect(contact.passwordHash == nil)
      let mail = try #require(
        try await OutboxMessage.query(on: app.db).filter(\.$kind == "contact_invitation").first())
      #expect(mail.recipient == "zala@demo.si")
      #expect(mail.bodyText.contains("Demo d.o.o."))
      #expect(try await Self.audit("contact.created", on: app.db).count == 1)

      let path = try Self.linkPath(in: mail.bodyText, base: app.configuration.publicURL)
      #expect(path.hasPrefix("/portal/reset-password/"))
      let zala = TestBrowser(app)
      #expect(try await zala.get(path).status == .ok)
      let set = try await zala.post(path, form: ["password": "nova-gesla-2026"])
      #expect(set.status == .seeOther)
      let signedIn = try await zala.signIn("zala@demo.si", password: "nova-gesla-2026")
      #expect(signedIn.status == .seeOther)
      #expect(try await zala.get(SiteURL.portalRequests.path).status == .ok)
      #expect(try await zala.get(path).status == .notFound, "the link works once")
    }
  }

  @Test("edits are scoped to the organisation in the path, and a deactivated contact cannot sign in")
  func organisationScope() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let demoID = try await Self.organisationID("Demo d.o.o.", on: app.db)
      let debtorID = try await Self.organisationID("Dolžnik d.o.o.", on: app.db)
      let ana = try await PortalFixtures.contact("ana@demo.si", on: app.db)
      let anaID = try ana.requireID()
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)

      let wrong = try await supervisor.post(
        SiteURL.backOfficeOrganisationRecord(.value(debtorID), .contacts, .value(anaID)).path,
        form: ["name": "Ukradena", "email": "ana@demo.si"])
      #expect(wrong.status == .notFound)
      let wrongDeactivate = try await supervisor.post(
        SiteURL.backOfficeOrganisationRecordAction(.value(debtorID), .contacts, .value(anaID), .deactivate).path,
        form: [:])
      #expect(wrongDeactivate.status == .notFound)
      let unchanged = try #require(try await Contact.find(ana.id, on: app.db))
      #expect(unchanged.name == ana.name)
      #expect(unchanged.active)
      #expect(try await Self.audit("contact.updated", on: app.db).isEmpty)

      let taken = try await supervisor.post(
        SiteURL.backOfficeOrganisationRecord(.value(demoID), .contacts, .value(anaID)).path,
        form: ["form": "contact-\(anaID)", "name": "Ana", "email": "boris@demo.si"])
      #expect(taken.status == .unprocessableEntity)
      #expect(try await Contact.find(ana.id, on: app.db)?.email == "ana@demo.si")

      let deactivated = try await supervisor.post(
        SiteURL.backOfficeOrganisationRecordAction(.value(demoID), .contacts, .value(anaID), .deactivate).path,
        form: [:])
      #expect(deactivated.status == .seeOther)
      #expect(try await Contact.find(ana.id, on: app.db)?.active == false)
      #expect(try await Self.audit("contact.deactivated", on: app.db).count == 1)
      let browser = TestBrowser(app)
      #expect(try await browser.signIn("ana@demo.si").status == .unauthorized)
    }
  }

  @Test("program setup, contracts, trainings and arrangements write what the policy's facts read")
  func policyRecords() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let tujiID = try await Self.organisationID("Tuji d.o.o.", on: app.db)
      let eva = try await PortalFixtures.contact("eva@tuji.si", on: app.db)
      let fak = try #require(try await Program.query(on: app.db).filter(\.$code == "FAK").first())
      let fakID = String(try fak.requireID())
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let id = tujiID

      let before = try await FactsQueries.organisation(tujiID, around: clock.now, on: app.db)
      #expect(!before.onboardedPrograms.contains("FAK"))
      let setup = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(id), .programSetup).path,
        form: ["program": fakID, "onboarded": "on", "settingsInOrder": "on"])
      #expect(setup.status == .seeOther)
      let after = try await FactsQueries.organisation(tujiID, around: clock.now, on: app.db)
      #expect(after.onboardedPrograms.contains("FAK"))
      #expect(after.settingsInOrder.contains("FAK"))

      let backwards = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(id), .contracts).path,
        form: ["form": "new-contract", "validFrom": "2026-12-01", "validTo": "2026-11-01", "program-\(fakID)": "on"])
      #expect(backwards.status == .unprocessableEntity)
      let none = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(id), .contracts).path,
        form: ["form": "new-contract", "validFrom": "2026-12-01"])
      #expect(none.status == .unprocessableEntity)
      let contracts = try await Contract.query(on: app.db).filter(\.$organisation.$id == tujiID).count()
      let contract = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(id), .contracts).path,
        form: ["validFrom": "2026-01-01", "validTo": "2027-12-31", "program-\(fakID)": "on"])
      #expect(contract.status == .seeOther)
      #expect(try await Contract.query(on: app.db).filter(\.$organisation.$id == tujiID).count() == contracts + 1)

      let future = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(id), .trainings).path,
        form: [
          "form": "new-training", "contact": String(try eva.requireID()), "program": fakID, "kind": "seminar",
          "completedOn": "2027-01-10",
        ])
      #expect(future.status == .unprocessableEntity)
      let training = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(id), .trainings).path,
        form: [
          "contact": String(try eva.requireID()), "program": fakID, "kind": "seminar", "completedOn": "2026-11-02",
        ])
      #expect(training.status == .seeOther)
      let facts = try await FactsQueries.contact(eva.id, on: app.db)
      #expect(
        facts.trainings.contains {
          $0.program == "FAK" && $0.kind == .seminar && $0.completedOn.description == "2026-11-02"
        })

      let trainingID = try #require(
        try await Training.query(on: app.db).filter(\.$contact.$id == eva.requireID()).first()?.id)
      let elsewhere = try await supervisor.post(
        SiteURL.backOfficeOrganisationRecord(
          .value(try await Self.organisationID("Demo d.o.o.", on: app.db)), .trainings, .value(trainingID)
        ).path,
        form: [
          "contact": String(try eva.requireID()), "program": fakID, "kind": "onboarding", "completedOn": "2026-11-03",
        ])
      #expect(elsewhere.status == .notFound, "a training is edited only under its contact's organisation")
      let corrected = try await supervisor.post(
        SiteURL.backOfficeOrganisationRecord(.value(id), .trainings, .value(trainingID)).path,
        form: [
          "contact": String(try eva.requireID()), "program": fakID, "kind": "onboarding", "completedOn": "2026-11-03",
        ])
      #expect(corrected.status == .seeOther)
      #expect(
        try await FactsQueries.contact(eva.id, on: app.db).trainings.map(\.completedOn.description) == ["2026-11-03"])
      let trainingAudit = try #require(try await Self.audit("training.updated", on: app.db).first)
      #expect(trainingAudit.details.contains(#""kind.before":"seminar""#))

      let arrangement = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(id), .arrangements).path,
        form: ["startsAt": "2026-11-28T09:00", "endsAt": "2026-11-28T12:00", "note": "Zaključek leta"])
      #expect(arrangement.status == .seeOther)
      let windows = try await FactsQueries.organisation(tujiID, around: clock.now, on: app.db).arrangements
      #expect(windows.map(\.from) == [Wording(.sl).instant(field: "2026-11-28T09:00")])
      let inverted = try await supervisor.post(
        SiteURL.backOfficeOrganisationPart(.value(id), .arrangements).path,
        form: ["form": "new-arrangement", "startsAt": "2026-11-28T12:00", "endsAt": "2026-11-28T09:00", "note": "x"])
      #expect(inverted.status == .unprocessableEntity)

      let arrangementID = try #require(
        try await Arrangement.query(on: app.db).filter(\.$organisation.$id == tujiID).first()?.id)
      let moved = try await supervisor.post(
        SiteURL.backOfficeOrganisationRecord(.value(id), .arrangements, .value(arrangementID)).path,
        form: ["startsAt": "2026-11-28T09:00", "endsAt": "2026-11-28T14:00", "note": "Zaključek leta"])
      #expect(moved.status == .seeOther)
      #expect(
        try await FactsQueries.organisation(tujiID, around: clock.now, on: app.db).arrangements.map(\.to)
          == [Wording(.sl).instant(field: "2026-11-28T14:00")])
      let arrangementAudit = try #require(try await Self.audit("arrangement.updated", on: app.db).first)
      #expect(arrangementAudit.details.contains(#""endsAt.before":"2026-11-28T12:00:00+01:00""#))

      for action in ["program_setup.saved", "contract.created", "training.created", "arrangement.created"] {
        #expect(try await Self.audit(action, on: app.db).count == 1, "\(action) is audited once")
      }
    }
  }

  @Test("admins invite staff by e-mail; supervisors cannot manage staff; nobody deactivates themselves")
  func staffUsers() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      #expect(try await supervisor.get(SiteURL.backOfficeStaff.path).status == .forbidden)

      let admin = TestBrowser(app)
      try await admin.signIn("admin@podpora.si", staff: true)
      let bad = try await admin.post(
        SiteURL.backOfficeStaff.path,
        form: ["form": "new-staff", "name": "Tina", "email": "tina@podpora.si", "role": "boss"])
      #expect(bad.status == .unprocessableEntity)
      let added = try await admin.post(
        SiteURL.backOfficeStaff.path, form: ["name": "Tina Nova", "email": "tina@podpora.si", "role": "agent"])
      #expect(added.status == .seeOther)
      let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$kind == "staff_invitation").first())
      #expect(mail.recipient == "tina@podpora.si")
      let path = try Self.linkPath(in: mail.bodyText, base: app.configuration.publicURL)
      let tina = TestBrowser(app)
      #expect(try await tina.get(path).status == .ok)
      #expect(try await tina.post(path, form: ["password": "kratko"]).status == .badRequest)
      #expect(try await tina.post(path, form: ["password": "dolgo-geslo-2026"]).status == .seeOther)
      #expect(try await tina.signIn("tina@podpora.si", password: "dolgo-geslo-2026", staff: true).status == .seeOther)
      #expect(try await tina.get(SiteURL.workspace.path).status == .ok)

      let me = try await WorkspaceFixtures.staff("admin@podpora.si", on: app.db)
      let selfDeactivate = try await admin.post(
        SiteURL.backOfficeStaffAction(.value(me.id), .deactivate).path, form: [:])
      #expect(selfDeactivate.status == .conflict)
      #expect(try await StaffUser.find(me.id, on: app.db)?.active == true)

      let tinaID = try #require(try await StaffUser.query(on: app.db).filter(\.$email == "tina@podpora.si").first()?.id)
      #expect(
        try await admin.post(SiteURL.backOfficeStaffAction(.value(tinaID), .deactivate).path, form: [:]).status
          == .seeOther)
      #expect(
        try await tina.get(SiteURL.workspace.path).status != .ok, "a deactivated session no longer opens the workspace")
      #expect(try await Self.audit("staff.deactivated", on: app.db).count == 1)
      #expect(try await Self.audit("staff.created", on: app.db).first?.actor == "staff:admin@podpora.si")
    }
  }
}

import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor

@testable import App

@Suite("Phone intake: find the caller, see the verdict before saving, file through the one filing path")
struct PhoneIntakeTests {
  @Test("the caller is found by name, phone digits, e-mail or organisation")
  func findCaller() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      #expect(try await PhoneIntake.findCallers("Zupan", on: app.db).map(\.email) == ["dora@demo.si"])
      #expect(try await PhoneIntake.findCallers("Novak", on: app.db).map(\.email) == ["ana@demo.si"])
      #expect(try await PhoneIntake.findCallers("01 234 56 03", on: app.db).map(\.email) == ["dora@demo.si"])
      #expect(try await PhoneIntake.findCallers("CENE@", on: app.db).map(\.email) == ["cene@dolznik.si"])
      let organisation = try await PhoneIntake.findCallers("demo d.o.o", on: app.db)
      #expect(Set(organisation.map(\.email)) == ["ana@demo.si", "boris@demo.si", "dora@demo.si"])
      #expect(try await PhoneIntake.findCallers("%", on: app.db).isEmpty, "LIKE wildcards match literally")
      #expect(try await PhoneIntake.findCallers("", on: app.db).isEmpty)
    }
  }

  @Test(
    "the verdict shows before saving (paid, with the reasons to tell the caller), then saving files a phone request")
  func previewThenFile() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try #require(try await Contact.query(on: app.db).filter(\.$email == "ana@demo.si").first())
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let search = try await agent.get(SiteURL.workspacePhone.path + "?q=Novak")
      #expect(search.body.string.contains("Ana Novak"))
      let before = try await SupportRequest.query(on: app.db).count()
      var form = [
        "contact": String(try ana.requireID()), "program": "PL", "category": "usage",
        "subject": "Klic: nadure v obračunu", "body": "Nadure se ne prenesejo v obračun.", "intent": "preview",
      ]
      let preview = try await agent.post(SiteURL.workspacePhoneRequest.path, form: form)
      #expect(preview.status == .ok)
      let text = preview.body.string
      #expect(text.contains("id=\"verdict\""))
      #expect(text.contains("paid.not-via-portal"))
      #expect(text.contains(RuleID.notViaPortal.slovenianText))
      #expect(try await SupportRequest.query(on: app.db).count() == before, "a preview saves nothing")

      form["intent"] = "file"
      form["takeNow"] = "on"
      let filed = try await agent.post(SiteURL.workspacePhoneRequest.path, form: form)
      #expect(filed.status == .seeOther)
      let request = try #require(
        try await SupportRequest.query(on: app.db).filter(\.$subject == "Klic: nadure v obračunu").first())
      #expect(request.channel == .phone)
      #expect(request.outcome == .paid)
      #expect(request.status == .inProgress, "the agent took the call's request at once")
      #expect(
        filed.headers.first(name: .location) == SiteURL.workspaceRequest(.value(request.number)).path + "?notice=taken")
      let submitted = try #require(try await WorkspaceFixtures.events(try request.requireID(), on: app.db).first)
      #expect(submitted.actorName == "Andrej Agent")
      #expect(try await WorkspaceFixtures.mails(try request.requireID(), kind: "request_filed", on: app.db).count == 1)
    }
  }

  @Test("a refused caller hears why; nothing is saved unless the agent keeps it as a record")
  func refusedCaller() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let eva = try #require(try await Contact.query(on: app.db).filter(\.$email == "eva@tuji.si").first())
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let before = try await SupportRequest.query(on: app.db).count()
      var form = [
        "contact": String(try eva.requireID()), "program": "PL", "category": "usage", "subject": "Payroll",
        "body": "How do I add an employee?", "intent": "file",
      ]
      let refused = try await agent.post(SiteURL.workspacePhoneRequest.path, form: form)
      #expect(refused.status == .conflict)
      #expect(refused.body.string.contains("refuse.person-not-onboarded"))
      #expect(try await SupportRequest.query(on: app.db).count() == before)

      form["keepIfRefused"] = "on"
      let kept = try await agent.post(SiteURL.workspacePhoneRequest.path, form: form)
      #expect(kept.status == .seeOther)
      #expect(try await SupportRequest.query(on: app.db).filter(\.$status == .refused).count() == 4)
    }
  }

  @Test("bad input names the field and saves nothing")
  func badInput() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try #require(try await Contact.query(on: app.db).filter(\.$email == "ana@demo.si").first())
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let before = try await SupportRequest.query(on: app.db).count()
      let noSubject = try await agent.post(
        SiteURL.workspacePhoneRequest.path,
        form: ["contact": String(try ana.requireID()), "program": "PL", "subject": "", "body": "x", "intent": "file"])
      #expect(noSubject.status == .unprocessableEntity)
      #expect(noSubject.body.string.contains("Vpišite zadevo."))
      let noProgram = try await agent.post(
        SiteURL.workspacePhoneRequest.path,
        form: ["contact": String(try ana.requireID()), "program": "XX", "subject": "a", "body": "b", "intent": "file"])
      #expect(noProgram.status == .unprocessableEntity)
      let noCaller = try await agent.post(
        SiteURL.workspacePhoneRequest.path, form: ["contact": "99999", "program": "PL", "subject": "a", "body": "b"])
      #expect(noCaller.status == .unprocessableEntity)
      #expect(try await SupportRequest.query(on: app.db).count() == before)
    }
  }
}

import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("New request in the portal: programs, live verdict, suggestions, consent, refusal, deflection")
struct NewRequestTests {
  @Test("the form offers only programs under the organisation's valid contract, and refuses others")
  func contractPrograms() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let cene = try await PortalFixtures.signedIn(app, "cene@dolznik.si")
      let page = try await cene.get(SiteURL.portalNewRequest.path)
      #expect(page.status == .ok)
      #expect(page.body.string.contains(#"<option value="PL""#))
      #expect(page.body.string.contains(#"<option value="FAK""#))
      #expect(!page.body.string.contains(#"<option value="DK""#))

      let before = try await PortalFixtures.requestCount(app.db)
      let outside = try await cene.postMultipart(
        SiteURL.portalNewRequest.path,
        fields: PortalFixtures.newRequest(program: "DK", extra: [("keepIfRefused", "on")]))
      #expect(outside.status == .unprocessableEntity)
      #expect(outside.body.string.contains("Izberite program, ki ga pokriva pogodba vaše organizacije."))
      #expect(try await PortalFixtures.requestCount(app.db) == before)
    }
  }

  @Test("an organisation whose contract has ended cannot file, and is told why")
  func expiredContract() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let eva = try await PortalFixtures.contact("eva@tuji.si", on: app.db)
      let yesterday = ISO8601.localDate(of: clock.now).adding(days: -1).description
      try await Contract.query(on: app.db).filter(\.$organisation.$id == eva.$organisation.id)
        .set(\.$validTo, to: yesterday).update()
      let browser = try await PortalFixtures.signedIn(app, "eva@tuji.si")
      let page = try await browser.get(SiteURL.portalNewRequest.path)
      #expect(page.body.string.contains("no valid maintenance contract"), "eva's locale is English")
      #expect(!page.body.string.contains("id=\"new-request\""))
    }
  }

  @Test("live verdict: legislation turns paid with that reason and the rates; without the CSRF header it is refused")
  func liveLegislationIsPaid() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let usage = try await PortalFixtures.live(ana, PortalFixtures.newRequest(category: "usage"))
      #expect(usage.status == .ok)
      let free = try usage.content.decode(PortalController.LiveAssessment.self)
      #expect(free.outcome == "free")
      #expect(free.verdict.contains(RuleID.shortUsageQuestion.slovenianText))

      let response = try await PortalFixtures.live(ana, PortalFixtures.newRequest(category: "legislation"))
      let paid = try response.content.decode(PortalController.LiveAssessment.self)
      #expect(paid.outcome == "paid")
      #expect(paid.verdict.contains(#"data-rule="paid.legislation-or-business""#))
      #expect(paid.verdict.contains(RuleID.legislationOrBusiness.slovenianText))
      #expect(paid.verdict.contains("80,00 EUR na uro brez DDV (DDV 22\u{00A0}%)"))
      #expect(paid.verdict.contains("Obračunamo po 15 minut"))

      let flags = try await PortalFixtures.live(
        ana, PortalFixtures.newRequest(extra: [("dataCorrection", "on"), ("remoteConnection", "on")]))
      let both = try flags.content.decode(PortalController.LiveAssessment.self)
      #expect(both.verdict.contains(RuleID.dataCorrection.slovenianText))
      #expect(both.verdict.contains(RuleID.remoteConnection.slovenianText))

      let forged = try await PortalFixtures.live(ana, PortalFixtures.newRequest(), csrf: "nope")
      #expect(forged.status == .forbidden)
    }
  }

  @Test("cene sees a refusal for unpaid obligations with what to do; eva one for missing onboarding")
  func liveRefusals() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let cene = try await PortalFixtures.signedIn(app, "cene@dolznik.si")
      let refused = try (try await PortalFixtures.live(cene, PortalFixtures.newRequest())).content.decode(
        PortalController.LiveAssessment.self)
      #expect(refused.outcome == "refused")
      #expect(refused.verdict.contains(RuleID.unpaidObligations.slovenianText))
      #expect(refused.verdict.contains(try #require(RuleID.unpaidObligations.advice(in: .sl))))
      #expect(refused.verdict.contains("shranili jo bomo kot zavrnjeno"))

      let eva = try await PortalFixtures.signedIn(app, "eva@tuji.si")
      let notOnboarded = try (try await PortalFixtures.live(eva, PortalFixtures.newRequest())).content.decode(
        PortalController.LiveAssessment.self)
      #expect(notOnboarded.outcome == "refused")
      #expect(notOnboarded.verdict.contains(RuleID.personNotOnboarded.englishText))
      #expect(notOnboarded.verdict.contains(try #require(RuleID.personNotOnboarded.advice(in: .en))))
    }
  }

  @Test("dora (new colleague) sees paid for missing onboarding on her first visit already")
  func doraPaidOnFirstVisit() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let dora = try await PortalFixtures.signedIn(app, "dora@demo.si")
      let page = try await dora.get(SiteURL.portalNewRequest.path)
      #expect(page.body.string.contains(#"data-outcome="paid""#))
      #expect(page.body.string.contains(RuleID.noOnboardingOrSettings.slovenianText))
    }
  }

  @Test("typing a question that matches a demo article suggests it, with or without diacritics")
  func suggestions() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      for subject in ["Obračun plač", "obracun place", "OBRAČUNU PLAČE"] {
        let live = try
          (try await PortalFixtures.live(
            ana, PortalFixtures.newRequest(subject: subject, body: ""))).content.decode(
            PortalController.LiveAssessment.self)
        #expect(live.suggestions.contains("Obračun plač: od priprave do zaključka"), "\(subject)")
        #expect(live.suggestions.contains(#"name="answered""#))
      }
      let nothing = try
        (try await PortalFixtures.live(
          ana, PortalFixtures.newRequest(subject: "zzzz qqqq", body: "xxxx"))).content.decode(
          PortalController.LiveAssessment.self)
      #expect(nothing.suggestions.contains("V pomoči nismo našli"))
      // Without JavaScript, "Check" shows the same, and stores nothing.
      let before = try await PortalFixtures.requestCount(app.db)
      let check = try await ana.postMultipart(
        SiteURL.portalNewRequest.path,
        fields: PortalFixtures.newRequest(category: "legislation", subject: "Obračun plač", intent: "check"))
      #expect(check.status == .ok)
      #expect(check.body.string.contains("Obračun plač: od priprave do zaključka"))
      #expect(check.body.string.contains(RuleID.legislationOrBusiness.slovenianText))
      #expect(check.body.string.contains(#"value="Obračun plač""#), "what was typed stays in the form")
      #expect(try await PortalFixtures.requestCount(app.db) == before)
    }
  }

  @Test("suggestion references name an article or a newsletter issue, nothing else")
  func references() {
    #expect(KnowledgeSuggestion.parse(reference: "a-12")! == (false, 12))
    #expect(KnowledgeSuggestion.parse(reference: "n-3")! == (true, 3))
    #expect(KnowledgeSuggestion.parse(reference: "x-3") == nil)
    #expect(KnowledgeSuggestion.parse(reference: "a-0") == nil)
  }

  @Test("ana files a free request: number, waiting-list position and estimate, and the confirmation mail")
  func fileFree() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let response = try await ana.postMultipart(SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest())
      #expect(response.status == .seeOther)
      let number = try PortalFixtures.number(fromLocation: response)
      let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      #expect(request.status == .waiting)
      #expect(request.channel == .portal)
      #expect(request.outcome == .free)
      #expect(request.$contact.id == (try await PortalFixtures.contact("ana@demo.si", on: app.db)).id)

      let page = try await ana.get(try #require(response.headers.first(name: .location)))
      let html = page.body.string
      #expect(html.contains(number))
      #expect(html.contains("Zahtevo smo prejeli"))
      #expect(html.contains(#"id="position""#))
      #expect(html.contains("Predviden začetek reševanja"))
      #expect(html.contains("2026, ob "), "an estimate in support-hours wording")
      #expect(html.contains(RuleID.shortUsageQuestion.slovenianText))
      let mail = try #require(
        try await OutboxMessage.query(on: app.db).filter(\.$request.$id == request.id).first())
      #expect(mail.recipient == "ana@demo.si")
      #expect(mail.subject.contains(number))
    }
  }

  @Test("a paid request needs the consent tick; without it nothing is stored and the form says so")
  func paidNeedsConsent() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let before = try await PortalFixtures.requestCount(app.db)
      let refused = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(category: "legislation"))
      #expect(refused.status == .unprocessableEntity)
      #expect(refused.body.string.contains("za oddajo označite, da se s tem strinjate"))
      #expect(refused.body.string.contains("Zahteve še nismo oddali"))
      #expect(try await PortalFixtures.requestCount(app.db) == before)

      let filed = try await ana.postMultipart(
        SiteURL.portalNewRequest.path,
        fields: PortalFixtures.newRequest(category: "legislation", extra: [("paidConsent", "on")]))
      #expect(filed.status == .seeOther)
      let request = try #require(
        try await SupportRequest.query(on: app.db).filter(\.$number == (try PortalFixtures.number(fromLocation: filed)))
          .first())
      #expect(request.outcome == .paid)
      #expect(request.paidConsent)
      #expect(request.category == .legislation)
    }
  }

  @Test("a refused request is kept as a record only when the customer insists")
  func refusedKeptWhenInsisting() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let cene = try await PortalFixtures.signedIn(app, "cene@dolznik.si")
      let before = try await PortalFixtures.requestCount(app.db)
      let first = try await cene.postMultipart(SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest())
      #expect(first.status == .unprocessableEntity)
      #expect(first.body.string.contains("Pomoči žal ne moremo nuditi."))
      #expect(first.body.string.contains("Kako zaključim obračun plač za november?"), "nothing typed is lost")
      #expect(try await PortalFixtures.requestCount(app.db) == before)

      let kept = try await cene.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(extra: [("keepIfRefused", "on")]))
      #expect(kept.status == .seeOther)
      let number = try PortalFixtures.number(fromLocation: kept)
      let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      #expect(request.status == .refused)
      let page = try await cene.get(SiteURL.portalRequest(.value(number)).path)
      #expect(page.body.string.contains("Zavrnjena"))
      #expect(page.body.string.contains(RuleID.unpaidObligations.slovenianText))
      #expect(!page.body.string.contains(#"id="position""#))
    }
  }

  @Test("missing subject and description are named, the entries kept, nothing stored")
  func invalidInput() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let before = try await PortalFixtures.requestCount(app.db)
      let noSubject = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(subject: "  ", body: "Moj opis <b>&amp;</b>"))
      #expect(noSubject.status == .unprocessableEntity)
      #expect(noSubject.body.string.contains("Vpišite zadevo."))
      #expect(noSubject.body.string.contains("Moj opis &lt;b&gt;&amp;amp;&lt;/b&gt;"), "the text is kept, escaped")
      let noBody = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(subject: #"Zadeva "v narekovajih""#, body: ""))
      #expect(noBody.body.string.contains("Opišite, pri čem potrebujete pomoč."))
      #expect(noBody.body.string.contains("value=\"Zadeva &quot;v narekovajih&quot;\""), "attribute values are escaped")
      let badCategory = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(category: "bribe"))
      #expect(badCategory.status == .unprocessableEntity)
      #expect(try await PortalFixtures.requestCount(app.db) == before)
    }
  }

  @Test("\"This answered my question\" ends the form, records a deflection and files nothing")
  func deflection() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let article = try #require(try await Article.query(on: app.db).filter(\.$slug == "obracun-plac").first())
      let before = try await PortalFixtures.requestCount(app.db)
      let response = try await ana.postMultipart(
        SiteURL.portalNewRequest.path,
        fields: PortalFixtures.newRequest(
          subject: "Obračun plač", extra: [("answered", "a-\(try article.requireID())")]))
      #expect(response.status == .ok)
      #expect(response.body.string.contains("Veseli nas"))
      #expect(try await PortalFixtures.requestCount(app.db) == before)
      let deflection = try #require(try await Deflection.query(on: app.db).first())
      #expect(deflection.$article.id == article.id)
      #expect(deflection.$contact.id == (try await PortalFixtures.contact("ana@demo.si", on: app.db)).id)
      #expect(deflection.query.contains("Obračun plač"))

      let bogus = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(extra: [("answered", "a-99999")]))
      #expect(bogus.status == .notFound)
      #expect(try await Deflection.query(on: app.db).count() == 1)
    }
  }

  @Test("a follow-up link pre-fills the subject and program of the earlier request")
  func followUp() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let closed = try await PortalFixtures.request("Kopija računa", on: app.db)
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let page = try await ana.get(SiteURL.portalNewRequest.path + "?related=" + closed.number)
      #expect(page.body.string.contains("Nadaljevanje zahteve \(closed.number): Kopija računa"))
      #expect(page.body.string.contains(#"<option value="FAK" selected"#))
    }
  }
}

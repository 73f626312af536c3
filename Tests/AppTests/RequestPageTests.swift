import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor
import VaporTesting
import Wording

@testable import App

@Suite("A request's page: timeline, decision, conversation and replies")
struct RequestPageTests {
  @Test("the timeline shows when a request was accepted and by whom, and when and with what solution it was resolved")
  func resolvedTimeline() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let request = try await PortalFixtures.request("Izvoz REK obrazca", on: app.db)
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let html = try await ana.get(SiteURL.portalRequest(.value(request.number)).path).body.string
      for text in [
        "Zahteva oddana (Ana Novak)", "Uvrščena na čakalno listo", "Sprejeta v reševanje", "Rešuje: Andrej Agent",
        "Rešena (Andrej Agent)", "Rešitev: Izvoz najdete v meniju Izpisi → REK obrazci",
        RuleID.shortUsageQuestion.slovenianText,
      ] {
        #expect(html.contains(text), "\(text)")
      }
      #expect(html.contains(Wording(.sl).dateTime(try #require(request.acceptedAt))))
      #expect(html.contains(Wording(.sl).dateTime(try #require(request.resolvedAt))))
      #expect(html.contains(#"data-kind="resolved""#))
    }
  }

  @Test("a waiting request shows its current place and estimate, and it moves when one ahead is taken")
  func waitingPositionIsCurrent() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let request = try await PortalFixtures.request("Opomini kupcem", on: app.db)
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      func place() async throws -> Int {
        let html = try await ana.get(SiteURL.portalRequest(.value(request.number)).path).body.string
        #expect(html.contains("Predviden začetek reševanja"))
        #expect(html.contains("Zdaj: na čakalni listi"))
        let marker = #"id="position">"#
        let start = try #require(html.range(of: marker)).upperBound
        return try #require(Int(html[start...].prefix { $0.isNumber }))
      }
      let before = try await place()
      #expect(before >= 2)
      let ahead = try await PortalFixtures.request("Kako zapreti temeljnico", on: app.db)
      ahead.status = .inProgress
      try await ahead.save(on: app.db)
      #expect(try await place() == before - 1)
    }
  }

  @Test("a refused request shows the refusal with its reason; waiting for the customer says so")
  func refusedAndWaitingForCustomer() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let cene = try await PortalFixtures.signedIn(app, "cene@dolznik.si")
      let refused = try await PortalFixtures.request("Obračun bolniške", on: app.db)
      let html = try await cene.get(SiteURL.portalRequest(.value(refused.number)).path).body.string
      #expect(html.contains(#"data-kind="refused""#))
      #expect(html.contains("Zavrnjena"))
      #expect(html.contains(RuleID.unpaidObligations.slovenianText))

      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let waiting = try await PortalFixtures.request("Dobropis z napačnim zneskom", on: app.db)
      let page = try await ana.get(SiteURL.portalRequest(.value(waiting.number)).path).body.string
      #expect(page.contains("Čakamo na vaš odgovor"))
      #expect(page.contains("Prosimo, pošljite posnetek zaslona z napako."))
      #expect(page.contains("Andrej Agent (podpora)"))
    }
  }

  @Test("TimelineWording words every customer-visible event kind, and unknown kinds neutrally")
  func everyEventKindHasWords() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let request = try await PortalFixtures.request("Izvoz REK obrazca", on: app.db)
      for kind in TimelineEvent.allCases.filter(\.visibleToCustomer) {
        let event = RequestEvent(
          requestID: try request.requireID(), kind: kind.rawValue, at: clock.now, actorKind: .staff,
          actorName: "Andrej Agent",
          data:
            #"{"from":"free","to":"paid","rules":"paid.legislation-or-business","title":"Obračun plač","number":"2026-000001","reason":"Dogovor"}"#
        )
        for language in Language.allCases {
          let entry = TimelineWording.entry(
            event, request: request, isLastResolved: true, wording: app.policy.wording(language))
          #expect(!entry.title.isEmpty, "\(kind) \(language)")
          #expect(!entry.title.contains("Sprememba zahteve") && !entry.title.contains("Request updated"), "\(kind)")
        }
      }
      let changed = RequestEvent(
        requestID: try request.requireID(), kind: "decision", at: clock.now, actorKind: .system,
        data: #"{"from":"free","to":"paid","rules":"paid.legislation-or-business"}"#)
      let entry = TimelineWording.entry(changed, request: request, isLastResolved: false, wording: Wording(.en))
      #expect(entry.details.contains("Free of charge → Charged"))
      #expect(entry.details.contains(RuleID.legislationOrBusiness.englishText))
      let unknown = RequestEvent(
        requestID: try request.requireID(), kind: "future_kind", at: clock.now, actorKind: .system)
      #expect(
        TimelineWording.entry(unknown, request: request, isLastResolved: false, wording: Wording(.sl)).title
          == "Sprememba zahteve")
      #expect(TimelineWording.aheadPhrase(0, Wording(.sl)) == "pred vami ni nobene zahteve")
      #expect(TimelineWording.aheadPhrase(2, Wording(.sl)) == "pred vami sta 2 zahtevi")
      #expect(TimelineWording.aheadPhrase(3, Wording(.sl)) == "pred vami so 3 zahteve")
      #expect(TimelineWording.aheadPhrase(5, Wording(.sl)) == "pred vami je 5 zahtev")
    }
  }

  @Test("a reply adds a message and a timeline event; on a request waiting for the customer it resumes work")
  func replies() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let waiting = try await PortalFixtures.request("Opomini kupcem", on: app.db)
      let response = try await ana.postMultipart(
        SiteURL.portalRequestReply(.value(waiting.number)).path, fields: [("body", "Dodatek: gre za kupce iz tujine.")],
        files: [TestFile(filename: "seznam.csv", data: Data("kupec;znesek\n".utf8))])
      #expect(response.status == .seeOther)
      let message = try #require(
        try await Message.query(on: app.db).filter(\.$request.$id == (try waiting.requireID()))
          .filter(\.$authorKind == .contact).first())
      #expect(message.body == "Dodatek: gre za kupce iz tujine.")
      #expect(message.visibility == .public)
      let file = try #require(try await Attachment.query(on: app.db).first())
      #expect(file.$message.id == message.id)
      #expect(try await SupportRequest.find(waiting.id, on: app.db)?.status == .waiting)
      let page = try await ana.get(SiteURL.portalRequest(.value(waiting.number)).path).body.string
      #expect(page.contains("Dodatek: gre za kupce iz tujine."))
      #expect(page.contains("seznam.csv"))
      #expect(page.contains(#"data-kind="customer_replied""#))

      let asked = try await PortalFixtures.request("Dobropis z napačnim zneskom", on: app.db)
      try await ana.postMultipart(
        SiteURL.portalRequestReply(.value(asked.number)).path, fields: [("body", "Posnetek je priložen.")])
      let resumed = try #require(try await SupportRequest.find(asked.id, on: app.db))
      #expect(resumed.status == .inProgress)
      #expect(resumed.$assignee.id == asked.$assignee.id)

      let empty = try await ana.postMultipart(
        SiteURL.portalRequestReply(.value(asked.number)).path, fields: [("body", "  ")])
      #expect(empty.status == .unprocessableEntity)
      #expect(empty.body.string.contains("Napišite sporočilo."))
    }
  }

  @Test("a reply within 7 days of resolution reopens the request with the same agent; later, and when closed, not")
  func reopenWindow() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let resolved = try await PortalFixtures.request("Izvoz REK obrazca", on: app.db)
      let response = try await ana.postMultipart(
        SiteURL.portalRequestReply(.value(resolved.number)).path, fields: [("body", "Izvoz še vedno ne dela.")])
      #expect(response.status == .seeOther)
      #expect(response.headers.first(name: .location)?.contains("replied=reopened") == true)
      let reopened = try #require(try await SupportRequest.find(resolved.id, on: app.db))
      #expect(reopened.status == .inProgress)
      #expect(reopened.$assignee.id == resolved.$assignee.id)
      #expect(reopened.resolvedAt == nil)
      let kinds = try await RequestEvent.query(on: app.db).filter(\.$request.$id == (try resolved.requireID())).sort(
        \.$id
      ).all()
        .map(\.kind).suffix(2)
      #expect(Array(kinds) == ["customer_replied", "reopened"])

      // Another resolved request, 8 days after its resolution: the conversation is over.
      let other = try await PortalFixtures.request("Zaključek leta", on: app.db)
      clock.set(try #require(other.resolvedAt) + 8 * 86_400)
      let messages = try await Message.query(on: app.db).count()
      let late = try await ana.postMultipart(
        SiteURL.portalRequestReply(.value(other.number)).path, fields: [("body", "Še to.")])
      #expect(late.status == .unprocessableEntity)
      #expect(late.body.string.contains("Pogovor o tej zahtevi je zaključen"))
      #expect(try await SupportRequest.find(other.id, on: app.db)?.status == .resolved)

      let closed = try await PortalFixtures.request("Kopija računa", on: app.db)
      let page = try await ana.get(SiteURL.portalRequest(.value(closed.number)).path).body.string
      #expect(page.contains("?related=\(closed.number)"), "a closed request offers a follow-up instead of a reply")
      #expect(!page.contains(SiteURL.portalRequestReply(.value(closed.number)).path))
      let closedReply = try await ana.postMultipart(
        SiteURL.portalRequestReply(.value(closed.number)).path, fields: [("body", "Še to.")])
      #expect(closedReply.status == .unprocessableEntity)
      #expect(try await Message.query(on: app.db).count() == messages)
    }
  }
}

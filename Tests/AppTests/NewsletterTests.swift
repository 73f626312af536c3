import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("E-newsletter: double opt-in, one-click unsubscribe, batched sending through the outbox")
struct NewsletterTests {
  @Test("subscribing stores a pending subscriber and queues the confirmation mail; the link confirms")
  func doubleOptIn() async throws {
    try await TestApp.run { app, _ in
      let browser = TestBrowser(app)
      let response = try await browser.post(SiteURL.newsletterSubscribe.path, form: ["email": " Ana@Demo.si "])
      #expect(response.status == .ok)
      #expect(response.body.string.contains("Preverite e-pošto"))

      let subscriber = try #require(try await Subscriber.query(on: app.db).first())
      #expect(subscriber.email == "ana@demo.si")
      #expect(subscriber.confirmedAt == nil)
      let mail = try #require(try await OutboxMessage.query(on: app.db).first())
      #expect(mail.kind == "newsletter_confirmation")
      #expect(mail.recipient == "ana@demo.si")
      let link = SiteURL.newsletterConfirm(.value(subscriber.token)).absoluteURL(base: app.configuration.publicURL)
      #expect(mail.bodyText.contains(link))

      let confirmed = try await browser.get(SiteURL.newsletterConfirm(.value(subscriber.token)).path)
      #expect(confirmed.status == .ok)
      #expect(confirmed.body.string.contains("Naročilo je potrjeno"))
      #expect(try await Subscriber.find(subscriber.id, on: app.db)?.confirmedAt == TestApp.defaultNow)

      #expect(try await browser.get(SiteURL.newsletterConfirm(.value("x" + subscriber.token)).path).status == .notFound)
    }
  }

  @Test("a wrong address is refused with the form again; a form without the CSRF token is refused")
  func invalidAddressAndCSRF() async throws {
    try await TestApp.run { app, _ in
      let browser = TestBrowser(app)
      let invalid = try await browser.post(SiteURL.newsletterSubscribe.path, form: ["email": "ni-naslov"])
      #expect(invalid.status == .unprocessableEntity)
      #expect(invalid.body.string.contains(#"aria-invalid="true""#))
      let forged = try await browser.post(SiteURL.newsletterSubscribe.path, form: ["email": "a@b.si"], csrf: "")
      #expect(forged.status == .forbidden)
      #expect(try await Subscriber.query(on: app.db).count() == 0)
      #expect(try await OutboxMessage.query(on: app.db).count() == 0)
    }
  }

  @Test("subscribing again while confirmed sends nothing and answers the same, so the form reveals no one")
  func subscribingTwice() async throws {
    try await TestApp.run { app, _ in
      let service = NewsletterService(app)
      try await service.subscribe(email: "boris@demo.si", language: .sl, now: TestApp.defaultNow, on: app.db)
      let token = try #require(try await Subscriber.query(on: app.db).first()).token
      _ = try await service.confirm(token: token, now: TestApp.defaultNow, on: app.db)
      let again = try await service.subscribe(
        email: "BORIS@demo.si", language: .sl, now: TestApp.defaultNow, on: app.db)
      #expect(again == .confirmationSent)
      #expect(try await OutboxMessage.query(on: app.db).count() == 1)
    }
  }

  @Test("the form cannot flood an inbox: a pending address gets one confirmation mail per ten minutes")
  func confirmationMailsAreRateLimited() async throws {
    try await TestApp.run { app, clock in
      let service = NewsletterService(app)
      for _ in 0..<5 {
        try await service.subscribe(email: "zrtev@demo.si", language: .sl, now: clock.now, on: app.db)
      }
      #expect(try await OutboxMessage.query(on: app.db).count() == 1)
      clock.advance(seconds: NewsletterService.confirmationInterval + 1)
      try await service.subscribe(email: "zrtev@demo.si", language: .en, now: clock.now, on: app.db)
      let mails = try await OutboxMessage.query(on: app.db).sort(\.$id).all()
      #expect(mails.count == 2)
      #expect(mails.last?.subject == "Confirm your e-newsletter subscription")
      // Only the newest link works: the token changed with the second mail.
      let token = try #require(try await Subscriber.query(on: app.db).first()).token
      #expect(mails.last?.bodyText.contains(token) == true)
      #expect(mails.first?.bodyText.contains(token) == false)
    }
  }

  @Test("the unsubscribe link's GET only asks; a one-click POST without cookies or CSRF token unsubscribes")
  func oneClickUnsubscribe() async throws {
    try await TestApp.run { app, _ in
      let service = NewsletterService(app)
      try await service.subscribe(email: "cene@demo.si", language: .sl, now: TestApp.defaultNow, on: app.db)
      let token = try #require(try await Subscriber.query(on: app.db).first()).token
      _ = try await service.confirm(token: token, now: TestApp.defaultNow, on: app.db)
      let path = SiteURL.newsletterUnsubscribe(.value(token)).path

      let page = try await TestBrowser(app).get(path)
      #expect(page.status == .ok)
      #expect(page.body.string.contains(#"method="post""#))
      #expect(try await Subscriber.query(on: app.db).first()?.unsubscribedAt == nil)

      // What a mail program sends for RFC 8058: no cookies, no CSRF field.
      try await app.testing().test(
        .POST, path,
        beforeRequest: { request async in
          request.headers.contentType = .urlEncodedForm
          request.body = ByteBuffer(string: "List-Unsubscribe=One-Click")
        }
      ) { response async in
        #expect(response.status == .ok)
      }
      #expect(try await Subscriber.query(on: app.db).first()?.unsubscribedAt == TestApp.defaultNow)
      #expect(try await TestBrowser(app).get(path).body.string.contains("Odjavljeni ste"))
      // Other forms still need the token: the exemption is this path only.
      #expect(CSRFMiddleware.exemptPrefixes == ["/pomoc/e-novice/odjava/"])
    }
  }

  @Test("sending queues one message per confirmed subscriber in batches, with List-Unsubscribe headers, once")
  func sendInBatches() async throws {
    try await TestApp.run { app, clock in
      var service = NewsletterService(app)
      service.batchSize = 2
      for (index, email) in ["a@x.si", "b@x.si", "c@x.si", "pending@x.si", "gone@x.si"].enumerated() {
        let subscriber = Subscriber()
        subscriber.email = email
        subscriber.token = "token-\(index)-abcdefghijklmnop"
        subscriber.createdAt = TestApp.defaultNow
        subscriber.confirmedAt = email == "pending@x.si" ? nil : TestApp.defaultNow
        subscriber.unsubscribedAt = email == "gone@x.si" ? TestApp.defaultNow : nil
        try await subscriber.create(on: app.db)
      }
      let issue = try await service.saveIssue(
        id: nil, title: "E-novice, december 2026", bodyMarkdown: "## Novo\n\nBesedilo <b>krepko</b>.", publish: false,
        now: TestApp.defaultNow, on: app.db)
      #expect(issue.status == .draft)
      clock.advance(seconds: 60)

      let report = try await service.send(newsletterID: try issue.requireID(), on: app.db, now: clock.now)
      #expect(report == .init(enqueued: 3, batches: 2))
      let messages = try await OutboxMessage.query(on: app.db).filter(\.$kind == "newsletter").all()
      #expect(Set(messages.map(\.recipient)) == ["a@x.si", "b@x.si", "c@x.si"])
      let first = try #require(messages.first { $0.recipient == "a@x.si" })
      let headers = try JSONDecoder().decode([String: String].self, from: Data(first.headers.utf8))
      let unsubscribe = SiteURL.newsletterUnsubscribe("token-0-abcdefghijklmnop").absoluteURL(
        base: app.configuration.publicURL)
      #expect(headers["List-Unsubscribe"] == "<\(unsubscribe)>")
      #expect(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
      #expect(first.bodyText.contains(unsubscribe))
      #expect(first.bodyHTML?.contains(unsubscribe) == true)
      #expect(first.bodyHTML?.contains("<h2>Novo</h2>") == true)
      #expect(first.bodyHTML?.contains("&lt;b&gt;krepko") == true)

      let sent = try #require(try await Newsletter.find(issue.id, on: app.db))
      #expect(sent.status == .published)
      #expect(sent.sentAt == clock.now)
      #expect(sent.publishedAt == clock.now)

      // Running it again (after a crash, or twice by mistake) mails nobody twice.
      let again = try await service.send(newsletterID: try issue.requireID(), on: app.db, now: clock.now)
      #expect(again.enqueued == 0)
      #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "newsletter").count() == 3)
      #expect(try await NewsletterDelivery.query(on: app.db).count() == 3)
    }
  }
}

import Fluent
import Foundation
import Mail
import SupportPolicy
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("E-mail intake: store first, thread, apply the policy, acknowledge without loops")
struct MailIntakeTests {
  static func context(_ app: Application, now: Date) -> InboundMailService.Context {
    InboundMailService.Context(
      now: now, policy: app.policy,
      mail: MailSettings(publicURL: app.configuration.publicURL, mailFrom: app.configuration.mailFrom),
      dialect: app.dialect)
  }

  static func message(
    from: String, subject: String, body: String = "Pozdravljeni, program javi napako pri obračunu.",
    headers: [String] = []
  ) -> [UInt8] {
    let lines =
      ["From: Stranka <\(from)>", "To: podpora@localhost", "Subject: \(subject)", "Message-ID: <\(UUID())@stranka.si>"]
      + headers + ["Content-Type: text/plain; charset=utf-8", "", body, ""]
    return Array(lines.joined(separator: "\r\n").utf8)
  }

  @Test("mail from a known contact becomes an e-mail request, billed, with one acknowledgement an hour")
  func newRequestFromContact() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let first = try await InboundMailService.ingest(
        Self.message(from: "ana@demo.si", subject: "Napaka pri obračunu"), context: Self.context(app, now: clock.now),
        on: app.db)
      guard case .newRequest(let number) = first else { Issue.record("got \(first)"); return }
      let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      #expect(request.channel == .email)
      #expect(request.status == .waiting)
      #expect(request.outcome == .paid)
      let decision = try #require(try await RequestDecisions.current(requestID: try request.requireID(), on: app.db))
      #expect(RequestDecisions.rules(of: decision).map(\.id).contains(.notViaPortal))

      let ack = try #require(try await OutboxMessage.query(on: app.db).filter(\.$kind == "mail_ack").first())
      #expect(ack.recipient == "ana@demo.si")
      #expect(ack.subject.hasPrefix("[#\(number)]"))
      #expect(ack.bodyText.contains("plačljive"))
      #expect(ack.bodyText.contains(SiteURL.portalRequest(.value(number)).path))
      #expect(ack.headers.contains("auto-replied"))

      clock.advance(seconds: 600)
      _ = try await InboundMailService.ingest(
        Self.message(from: "ana@demo.si", subject: "Še eno vprašanje"), context: Self.context(app, now: clock.now),
        on: app.db)
      #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "mail_ack").count() == 1)
    }
  }

  @Test("a reply tagged [#number] lands on that request and reopens it when resolved less than 7 days ago")
  func replyReopens() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let resolved = try #require(
        try await SupportRequest.query(on: app.db).filter(\.$status == .resolved).with(\.$contact).all()
          .first { $0.contact?.email == "ana@demo.si" })
      let outcome = try await InboundMailService.ingest(
        Self.message(from: "ana@demo.si", subject: "Re: [#\(resolved.number)] Rešitev", body: "Še vedno ne dela."),
        context: Self.context(app, now: clock.now), on: app.db)
      #expect(outcome == .addedToRequest(number: resolved.number, reopened: true))
      let reloaded = try #require(try await SupportRequest.find(resolved.id, on: app.db))
      #expect(reloaded.status == .inProgress)
      let messages = try await Message.query(on: app.db).filter(\.$request.$id == resolved.id!).all()
      #expect(messages.contains { $0.body == "Še vedno ne dela." && $0.authorKind == .contact })
      let kinds = try await RequestEvent.query(on: app.db).filter(\.$request.$id == resolved.id!).all().map(\.kind)
      #expect(kinds.contains("customer_replied") && kinds.contains("reopened"))
    }
  }

  @Test("a reply to a Message-ID we sent threads even without the tag; a stranger's tag does not")
  func threadingByMessageID() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$status == .inProgress).first())
      let sent = try await Outbox.enqueue(
        OutgoingMail(kind: "reply", recipient: "ana@demo.si", subject: "Odgovor", text: "…", requestID: request.id),
        on: app.db, now: clock.now, senderDomain: "localhost")
      let threaded = try await InboundMailService.ingest(
        Self.message(from: "boris@demo.si", subject: "Re: Odgovor", headers: ["In-Reply-To: <\(sent.messageID)>"]),
        context: Self.context(app, now: clock.now), on: app.db)
      #expect(threaded == .addedToRequest(number: request.number, reopened: false))

      let stranger = try await InboundMailService.ingest(
        Self.message(from: "someone@elsewhere.si", subject: "[#\(request.number)] vdor"),
        context: Self.context(app, now: clock.now), on: app.db)
      #expect(stranger == .triage(reason: "unknown sender someone@elsewhere.si"))
      #expect(try await InboundMail.query(on: app.db).filter(\.$status == "triage").count() == 1)
    }
  }

  @Test("an overdue organisation's mail is recorded as refused and answered so")
  func overdueOrganisation() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let outcome = try await InboundMailService.ingest(
        Self.message(from: "cene@dolznik.si", subject: "Pomoč pri plačah"), context: Self.context(app, now: clock.now),
        on: app.db)
      guard case .newRequest(let number) = outcome else { Issue.record("got \(outcome)"); return }
      let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      #expect(request.status == .refused)
      let ack = try #require(try await OutboxMessage.query(on: app.db).filter(\.$kind == "mail_ack").first())
      #expect(ack.bodyText.contains(RuleID.unpaidObligations.customerText(in: .sl)))
    }
  }

  @Test(
    "automated mail is never answered: auto-replies, bounces, lists and our own address",
    arguments: [
      ["Auto-Submitted: auto-replied"], ["Precedence: bulk"], ["List-Id: <novice.example.si>"],
    ])
  func loopProtection(headers: [String]) async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let outcome = try await InboundMailService.ingest(
        Self.message(from: "ana@demo.si", subject: "Odsoten", headers: headers),
        context: Self.context(app, now: clock.now), on: app.db)
      guard case .triage = outcome else { Issue.record("got \(outcome)"); return }
      #expect(try await OutboxMessage.query(on: app.db).count() == 0)
      #expect(try await InboundMail.query(on: app.db).count() == 1, "nothing is dropped")
    }
  }

  @Test("mail from Podpora's own address is ignored, not answered")
  func ownAddress() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let outcome = try await InboundMailService.ingest(
        Self.message(from: "podpora@localhost", subject: "zanka"), context: Self.context(app, now: clock.now),
        on: app.db)
      #expect(outcome == .ignored(reason: "sent by Podpora itself"))
      #expect(try await OutboxMessage.query(on: app.db).count() == 0)
    }
  }

  @Test("unusable input is refused before anything is stored", arguments: ["", "no header section here\n"])
  func unusable(raw: String) async throws {
    try await TestApp.run { app, clock in
      await #expect(throws: InboundMailService.IntakeError.self) {
        try await InboundMailService.ingest(Array(raw.utf8), context: Self.context(app, now: clock.now), on: app.db)
      }
      let stored = try await InboundMail.query(on: app.db).count()
      #expect(stored == 0)
    }
  }

  @Test("the inbound-mail API takes a raw message only with an inbound-mail token")
  func inboundAPI() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let token = try await APITokens.create(name: "mta", scope: "inbound-mail", now: clock.now, on: app.db)
      let other = try await APITokens.create(name: "acc", scope: "accounting", now: clock.now, on: app.db)
      let body = String(decoding: Self.message(from: "ana@demo.si", subject: "Prek API"), as: UTF8.self)
      for (bearer, status) in [(nil, HTTPStatus.unauthorized), (other, .forbidden), (token, .accepted)] {
        try await app.testing().test(
          .POST, "api/v1/inbound-mail",
          beforeRequest: { req async in
            if let bearer { req.headers.bearerAuthorization = .init(token: bearer) }
            req.headers.contentType = HTTPMediaType(type: "message", subType: "rfc822")
            req.body = ByteBuffer(string: body)
          }
        ) { res async in
          #expect(res.status == status, "token \(bearer ?? "none")")
        }
      }
      #expect(
        try await SupportRequest.query(on: app.db).filter(\.$channel == .email).filter(\.$subject == "Prek API").count()
          == 1)
    }
  }
}

@Suite("Outbox delivery: claimed once, threaded, retried with backoff")
struct OutboxDeliveryTests {
  /// Records what it was asked to deliver; the claim logic under test is the database's.
  final class RecordingTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var delivered: [String] = []
    var names: [String] { lock.withLock { delivered } }

    func deliver(envelope: SMTPEnvelope, data: [UInt8], name: String) async throws(SMTPError) {
      try? await Task.sleep(for: .milliseconds(2))
      lock.withLock { delivered.append(name) }
    }
  }

  @Test("three workers on one database deliver each of 60 messages exactly once")
  func concurrentWorkers() async throws {
    try await TestApp.run { app, clock in
      for index in 0..<60 {
        try await Outbox.enqueue(
          OutgoingMail(kind: "test", recipient: "r\(index)@example.si", subject: "s", text: "t"), on: app.db,
          now: clock.now, senderDomain: "localhost")
      }
      let transport = RecordingTransport()
      try await withThrowingTaskGroup(of: OutboxDelivery.Report.self) { group in
        for _ in 0..<3 {
          group.addTask {
            try await OutboxDelivery.deliverDue(
              now: { clock.now }, transport: transport, mailFrom: "podpora@localhost", dialect: app.dialect,
              on: app.db, batchSize: 5)
          }
        }
        try await group.waitForAll()
      }
      #expect(transport.names.count == 60)
      #expect(Set(transport.names).count == 60)
      #expect(try await OutboxMessage.query(on: app.db).filter(\.$status == .sent).count() == 60)
    }
  }

  @Test("without SMTP_URL mail is written as .eml files, tagged with the request number and threaded")
  func folderTransport() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let request = try #require(try await SupportRequest.query(on: app.db).first())
      let queued = try await Outbox.enqueue(
        OutgoingMail(
          kind: "reply", recipient: "ana@demo.si", subject: "Odgovor na vašo zahtevo", text: "Rešitev: čšž",
          requestID: request.id, inReplyTo: "abc@stranka.si", references: ["abc@stranka.si"]),
        on: app.db, now: clock.now, senderDomain: "localhost")
      let transport = try OutboxDelivery.transport(for: app.configuration)
      let report = try await OutboxDelivery.deliverDue(
        now: { clock.now }, transport: transport, mailFrom: app.configuration.mailFrom, dialect: app.dialect,
        on: app.db)
      #expect(report == .init(sent: 1, retried: 0, failed: 0))

      let path = (app.configuration.dataDirectory as NSString).appendingPathComponent("outbox/\(queued.id!).eml")
      let written = try #require(FileManager.default.contents(atPath: path))
      let parsed = MIMEParser().parse(Array(written))
      #expect(parsed.subject == "[#\(request.number)] Odgovor na vašo zahtevo")
      #expect(parsed.messageID == queued.messageID)
      #expect(parsed.inReplyTo == "abc@stranka.si")
      #expect(parsed.text.contains("Rešitev: čšž"))

      let again = try await OutboxDelivery.deliverDue(
        now: { clock.now }, transport: transport, mailFrom: app.configuration.mailFrom, dialect: app.dialect,
        on: app.db)
      #expect(again == .init(), "a sent message is never sent again")
    }
  }
}

import Fluent
import Foundation
import Mail
import TestSupport
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("E-mail round trip through a real SMTP server")
struct MailRoundTripTests {
  @Test("a mailed request reaches the workspace, the agent's reply arrives threaded, and the answer lands on it")
  func roundTrip() async throws {
    let server = try await SMTPTestServer.start()
    defer { server.stop() }
    try await TestApp.run(seedDemo: true) { app, clock in
      let context = MailIntakeTests.context(app, now: clock.now)
      // 1. The customer mails in; the request shows in the workspace.
      let first = try await InboundMailService.ingest(
        MailIntakeTests.message(from: "ana@demo.si", subject: "Izvoz REK ne dela"), context: context, on: app.db)
      guard case .newRequest(let number) = first else {
        Issue.record("got \(first)")
        return
      }
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let page = try await agent.get(SiteURL.workspaceRequest(.value(number)).path)
      #expect(page.status == .ok)
      #expect(page.body.string.contains("Izvoz REK ne dela"))

      // 2. The agent replies; the outbox sends it through the real SMTP server.
      let replied = try await agent.post(
        SiteURL.workspaceRequestAction(.value(number), .reply).path, form: ["body": "Izvoz najdete v meniju Izpisi."])
      #expect(replied.status == .seeOther)
      let transport = SMTPTransport(
        client: SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)")))
      let report = try await OutboxDelivery.deliverDue(
        now: { clock.now }, transport: transport, mailFrom: "Podpora <podpora@localhost>", dialect: app.dialect,
        on: app.db)
      #expect(report.failed == 0)
      let delivered = try server.delivered().map { MIMEParser().parse($0.data) }
      let reply = try #require(delivered.first { $0.text.contains("Izvoz najdete v meniju Izpisi.") })
      #expect(reply.to.first?.address == "ana@demo.si")
      #expect(reply.subject?.contains("[#\(number)]") == true)
      let replyID = try #require(reply.messageID)

      // 3. The customer answers that mail: it lands on the same request.
      let answer = try await InboundMailService.ingest(
        MailIntakeTests.message(
          from: "ana@demo.si", subject: "Re: odgovor", body: "Hvala, deluje.", headers: ["In-Reply-To: <\(replyID)>"]),
        context: context, on: app.db)
      #expect(answer == .addedToRequest(number: number, reopened: false))
      let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      let bodies = try await Message.query(on: app.db).filter(\.$request.$id == request.id!).all().map(\.body)
      #expect(bodies.contains("Hvala, deluje."))
      #expect(bodies.contains("Izvoz najdete v meniju Izpisi."))
    }
  }
}

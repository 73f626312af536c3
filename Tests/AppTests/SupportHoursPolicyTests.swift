import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("The support hours shown come from the policy file, not from the views")
struct SupportHoursPolicyTests {
  /// Support from 07:00 to 15:00 instead of the default 08:00–16:00.
  static let earlyPolicy = """
    version: "test-early"
    supportHours:
      open: "07:00"
      close: "15:00"
    """

  /// Wednesday 25 November 2026, 06:30 in Ljubljana: before the early policy opens, so work can start at 7.00.
  static let beforeOpening = ISO8601.parse("2026-11-25T06:30:00+01:00")!

  /// The text of the first element with `marker` in its opening tag.
  static func element(_ marker: String, in html: String) throws -> String {
    let start = try #require(html.range(of: marker)).lowerBound
    let rest = html[start...]
    let end = try #require(rest.range(of: "</")).lowerBound
    return String(rest[..<end])
  }

  @Test("a policy with 07:00–15:00 puts those hours in the page footer, on the request page and in the filing mail")
  func hoursFollowThePolicyFile() async throws {
    try await TestApp.run(now: Self.beforeOpening, seedDemo: true, policy: Self.earlyPolicy) { app, _ in
      #expect(app.policy.configuration.supportHours.open == TimeOfDay(hour: 7))
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")

      // (a) The footer of a portal page, in both languages.
      let list = try await ana.get(SiteURL.portalRequests.path).body.string
      let footer = try Self.element(#"<footer class="site-footer">"#, in: list)
      #expect(footer.contains("Podpora deluje ob delavnikih od 7.00 do 15.00."))
      #expect(!footer.contains("8.00") && !footer.contains("16.00"))
      try await ana.get(SiteURL.language("en").path)
      let english = try await ana.get(SiteURL.portalRequests.path).body.string
      #expect(
        try Self.element(#"<footer class="site-footer">"#, in: english)
          .contains("Support is open on working days from 07:00 to 15:00."))
      try await ana.get(SiteURL.language("sl").path)

      // (b) The request page of a request filed now: its estimate and the note on how it is counted.
      let filed = try await ana.postMultipart(SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest())
      let number = try PortalFixtures.number(fromLocation: filed)
      let page = try await ana.get(SiteURL.portalRequest(.value(number)).path).body.string
      #expect(page.contains("Ocena upošteva delovni čas podpore (ob delavnikih od 7.00 do 15.00)"))
      #expect(!page.contains("od 8.00 do 16.00"))
      // Filed before opening, so the timeline names when work could start: the early policy's 7.00.
      #expect(page.contains("Z delom je bilo mogoče začeti v sredo, 25. 11. 2026, ob 7.00."))

      // (c) The confirmation mail in the outbox names the policy's opening time.
      let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      let mail = try #require(
        try await OutboxMessage.query(on: app.db).filter(\.$kind == "request_filed")
          .filter(\.$request.$id == request.requireID()).first())
      #expect(mail.bodyText.contains("Z delom lahko začnemo v sredo, 25. 11. 2026, ob 7.00."))
      #expect(!mail.bodyText.contains("8.00") && !mail.bodyText.contains("16.00"))
    }
  }

  @Test("the default policy keeps today's words: working days from 8.00 to 16.00")
  func defaultHours() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let page = try await TestBrowser(app).get(SiteURL.home.path).body.string
      #expect(
        try Self.element(#"<footer class="site-footer">"#, in: page)
          .contains("Podpora deluje ob delavnikih od 8.00 do 16.00."))
    }
  }
}

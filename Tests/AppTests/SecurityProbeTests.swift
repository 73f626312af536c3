import Fluent
import Foundation
import Mail
import TestSupport
import Testing
import Vapor
import VaporTesting

@testable import App

/// The findings of the outside probe (issue 17), each reproduced the way the probe found it: over real HTTP where
/// the bytes on the wire matter, else through the real app. Each test failed on the code before its fix.
@Suite("Security probe: header injection, open redirects, revoked tokens, resets, mail threading, NUL bytes")
struct SecurityProbeTests {
  /// Whether a response head line holds a control character that would have split or bent the header.
  static func hasControl(_ line: String) -> Bool {
    line.unicodeScalars.contains { LocalPath.isControl($0) }
  }

  // MARK: Finding 1 and 3: CR/LF injection into Location, open redirect through the language switch

  /// The probe's two findings on the language switch: CR LF with a Set-Cookie of the attacker's choosing (session
  /// planting), and a second slash that names another host.
  static let probeReferers = ["/x%0d%0aSet-Cookie:%20podpora_session%3Dplanted", "//evil.example/phish"]
  /// Every other way a Referer's path could bend or leave the header: lone line ends, TAB/VT/FF, NUL, DEL, C1 NEL,
  /// and slashes or backslashes that browsers read as another host once decoded.
  static let hostileReferers = [
    "/x%0aSet-Cookie:%20podpora_session%3Dplanted", "/x%0dy", "/x%09y", "/x%0by", "/x%0cy", "/x%00y", "/x%7fy",
    "/x%c2%85y", "/%2F%2Fevil.example/phish", "/%5Cevil.example/phish",
  ]

  @Test("the language switch never turns a Referer into a planted header or another host, over real HTTP")
  func languageSwitchReferer() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      try await RawHTTP.serving(app) { port in
        let origin = "http://127.0.0.1:\(port)"
        for path in Self.probeReferers {
          let head = try await RawHTTP.head(
            port: port, "GET", SiteURL.language(.value("en")).path, headers: [("Referer", origin + path)])
          #expect(head.first?.contains(" 303 ") == true, "\(path): \(head.first ?? "")")
          #expect(RawHTTP.values("Location", in: head) == [SiteURL.home.path], "\(path)")
          #expect(!head.contains { $0.lowercased().contains("planted") }, "\(path): a header of the Referer's making")
          #expect(!head.contains(where: Self.hasControl), "\(path): a control character on the wire")
          #expect(RawHTTP.values("Set-Cookie", in: head).contains { $0.hasPrefix(Language.cookieName + "=en") })
        }
        // A path of this site, encoded as it came, is where the visitor goes back to.
        let back = SiteURL.help.path + "?q=pla%C4%8De"
        let head = try await RawHTTP.head(
          port: port, "GET", SiteURL.language(.value("en")).path, headers: [("Referer", origin + back)])
        #expect(RawHTTP.values("Location", in: head) == [back])
      }
    }
  }

  @Test("every other control character or host-naming path in a Referer sends the language switch home")
  func languageSwitchHostileReferers() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      for path in Self.hostileReferers + ["http://evil.example/x"] {
        let referer = path.hasPrefix("http") ? path : "http://127.0.0.1" + path
        let response = try await TestBrowser(app).send(
          .GET, SiteURL.language(.value("en")).path, headers: ["Host": "127.0.0.1", "Referer": referer])
        #expect(response.status == .seeOther, "\(path)")
        #expect(response.headers[.location] == [SiteURL.home.path], "\(path)")
        #expect(!response.headers.contains { $0.value.contains("planted") }, "\(path)")
      }
      let back = SiteURL.help.path + "?q=pla%C4%8De"
      let response = try await TestBrowser(app).send(
        .GET, SiteURL.language(.value("en")).path, headers: ["Host": "127.0.0.1", "Referer": "http://127.0.0.1" + back])
      #expect(response.headers[.location] == [back], "the same request with a clean Referer goes back")
    }
  }

  @Test("the sign-in `next` field leads only to a path of this site, without control characters")
  func signInNext() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let hostile = [
        "/portal/requests\r\nSet-Cookie: podpora_session=planted", "/portal/requests\nSet-Cookie: planted=1",
        "/portal/requests\tx", "/portal/requests\u{0B}x", "/portal/requests\u{0C}x",
        "/portal/requests%0d%0aSet-Cookie:%20planted=1", "/\\evil.example", "/%2F%2Fevil.example",
        "/%5Cevil.example", "https://evil.example/", "//evil.example", "evil.example",
      ]
      for next in hostile {
        let browser = TestBrowser(app)
        try await browser.get(SiteURL.portalSignIn.path)
        let response = try await browser.post(
          SiteURL.portalSignIn.path, form: ["email": "ana@demo.si", "password": DemoData.password, "next": next])
        #expect(response.status == .seeOther, "\(next.debugDescription)")
        #expect(response.headers[.location] == [SiteURL.portalRequests.path], "\(next.debugDescription)")
        #expect(!response.headers.contains { $0.value.contains("planted") }, "\(next.debugDescription)")
      }
      // A path of this site, a search query with an encoded space included, still follows sign-in.
      let browser = TestBrowser(app)
      try await browser.get(SiteURL.portalSignIn.path)
      let kept = SiteURL.portalRequests.path + "?q=a%20b"
      let response = try await browser.post(
        SiteURL.portalSignIn.path, form: ["email": "ana@demo.si", "password": DemoData.password, "next": kept])
      #expect(response.headers.first(name: .location) == kept)
    }
  }

  @Test(
    "the redirect builder accepts only same-origin paths",
    arguments: [
      ("/", true), ("/portal/requests?q=a%20b#x", true), ("/pomoc/%C4%8Dlanek", true),
      ("", false), ("portal", false), ("//evil.example", false), ("/\\evil.example", false), ("/a\\b", false),
      ("/%2F%2Fevil.example", false), ("/%2f/evil.example", false), ("/%5Cevil.example", false),
      ("https://evil.example/", false), ("javascript:alert(1)", false), ("/a b", false), ("/a\u{200E}b", false),
      ("/a\r\nb", false), ("/a%0d%0ab", false), ("/a%0Ab", false), ("/a%09b", false), ("/a%0Bb", false),
      ("/a%0cb", false), ("/a%00b", false), ("/a%7Fb", false), ("/a%C2%85b", false), ("/a%E2%80%A8b", false),
      ("/a%zzb", false),
    ])
  func localPaths(path: String, accepted: Bool) {
    #expect((LocalPath.validated(path) != nil) == accepted, "\(path.debugDescription)")
  }

  @Test("a response header with a control character is never sent: a plain 500 instead, over real HTTP")
  func headerGuard() async throws {
    try await TestApp.run { app, _ in
      let route = app.get("probe", "bad-header") { _ async throws -> Response in
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: "X-Probe", value: "a\r\nSet-Cookie: planted=1")
        return Response(status: .ok, headers: headers)
      }
      route.accessRule = .anyone
      try await RawHTTP.serving(app) { port in
        let head = try await RawHTTP.head(port: port, "GET", "/probe/bad-header")
        #expect(head.first?.contains(" 500 ") == true, "\(head.first ?? "")")
        #expect(!head.contains { $0.contains("planted") })
        #expect(RawHTTP.values("Content-Security-Policy", in: head).count == 1, "still carries the safe headers")
      }
    }
  }

  @Test("the app builds a Location only through LocalPath")
  func oneRedirectBuilder() throws {
    let sources = RepositoryRoot.url.appendingPathComponent("Sources/App")
    let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
    var offenders: [String] = []
    for case let file as URL in files
    where file.pathExtension == "swift" && file.lastPathComponent != "LocalRedirect.swift" {
      let text = try String(contentsOf: file, encoding: .utf8)
      for pattern in ["redirect(to:", "name: .location", "name: \"Location\""] where text.contains(pattern) {
        offenders.append("\(file.lastPathComponent): \(pattern)")
      }
    }
    #expect(offenders.isEmpty)
  }

  // MARK: Finding 2: a deactivated contact's API token

  @Test("a deactivated contact's customer token is refused at once: 401, and nothing is filed")
  func deactivatedContactToken() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      #expect(try await ana.send(.GET, SiteURL.apiRequests.path).status == .ok)

      let contact = try await PortalFixtures.contact("ana@demo.si", on: app.db)
      let demoID = contact.$organisation.id
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let deactivated = try await supervisor.post(
        SiteURL.backOfficeOrganisationRecordAction(
          .value(demoID), .contacts, .value(try contact.requireID()), .deactivate
        )
        .path, form: [:])
      #expect(deactivated.status == .seeOther)

      let before = try await SupportRequest.query(on: app.db).count()
      let list = try await ana.send(.GET, SiteURL.apiRequests.path)
      #expect(list.status == .unauthorized)
      #expect(list.headers.first(name: "WWW-Authenticate") == "Bearer")
      let filed = try await ana.send(.POST, SiteURL.apiRequests.path, json: APIRequestsTests.newRequest)
      #expect(filed.status == .unauthorized)
      #expect(try await SupportRequest.query(on: app.db).count() == before)

      // Active again, the same token works again: it was refused for the person, not revoked.
      contact.active = true
      try await contact.save(on: app.db)
      #expect(try await ana.send(.GET, SiteURL.apiRequests.path).status == .ok)
    }
  }

  // MARK: Finding 5: a password reset ends other sessions and voids other links

  /// Asks for a reset link through the form and returns its path.
  static func resetLink(_ app: Application, for email: String) async throws -> String {
    let before = try await OutboxMessage.query(on: app.db).filter(\.$kind == "password_reset").count()
    let browser = TestBrowser(app)
    try await browser.get(SiteURL.portalForgotPassword.path)
    #expect(try await browser.post(SiteURL.portalForgotPassword.path, form: ["email": email]).status == .ok)
    let mails = try await OutboxMessage.query(on: app.db).filter(\.$kind == "password_reset").sort(\.$id).all()
    #expect(mails.count == before + 1)
    let mail = try #require(mails.last)
    let link = try #require(mail.bodyText.split(separator: "\n").first { $0.contains("/portal/reset-password/") })
    return String(link[link.range(of: "/portal/reset-password/")!.lowerBound...])
  }

  @Test("a password reset ends every other session of the person and voids every other link")
  func resetEndsSessions() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let laptop = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let phone = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let boris = try await PortalFixtures.signedIn(app, "boris@demo.si")
      for browser in [laptop, phone] {
        #expect(try await browser.get(SiteURL.portalRequests.path).status == .ok)
      }
      let earlier = try await Self.resetLink(app, for: "ana@demo.si")
      clock.advance(seconds: 120)
      let later = try await Self.resetLink(app, for: "ana@demo.si")

      // The laptop, signed in as Ana, sets the new password through the later link.
      #expect(try await laptop.get(later).status == .ok)
      let reset = try await laptop.post(later, form: ["password": "a-much-longer-passphrase"])
      #expect(reset.status == .seeOther)

      #expect(try await laptop.get(SiteURL.portalRequests.path).status == .ok, "the session that reset stays")
      let signedOut = try await phone.get(SiteURL.portalRequests.path)
      #expect(signedOut.status == .seeOther, "the other session is over")
      #expect(signedOut.headers.first(name: .location)?.hasPrefix(SiteURL.portalSignIn.path) == true)
      #expect(try await boris.get(SiteURL.portalRequests.path).status == .ok, "another person is not affected")

      let attacker = TestBrowser(app)
      #expect(try await attacker.get(earlier).status == .notFound, "the earlier link is void")
      try await attacker.get(SiteURL.home.path)
      #expect(try await attacker.post(earlier, form: ["password": "the-attackers-passphrase"]).status == .notFound)
      #expect(
        try await TestBrowser(app).signIn("ana@demo.si", password: "the-attackers-passphrase").status == .unauthorized)

      // Signing in again opens a session that counts.
      #expect(try await phone.signIn("ana@demo.si", password: "a-much-longer-passphrase").status == .seeOther)
      #expect(try await phone.get(SiteURL.portalRequests.path).status == .ok)
    }
  }

  // MARK: Finding 7: mail threading follows the portal's visibility

  @Test("mail threads into a request only for whom the portal shows it; another member's mail is a new request")
  func mailThreadingVisibility() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let context = MailIntakeTests.context(app, now: clock.now)
      let anas = try #require(
        try await SupportRequest.query(on: app.db).with(\.$contact).all()
          .first { $0.contact?.email == "ana@demo.si" && $0.status == .inProgress })
      let requestID = try anas.requireID()
      let sent = try await Outbox.enqueue(
        OutgoingMail(kind: "reply", recipient: "ana@demo.si", subject: "Odgovor", text: "…", requestID: requestID),
        on: app.db, now: clock.now, senderDomain: "localhost")
      let messages = try await Message.query(on: app.db).filter(\.$request.$id == requestID).count()

      // Dora is a member of the same organisation: the portal answers her 404 for Ana's request.
      let byNumber = try await InboundMailService.ingest(
        MailIntakeTests.message(from: "dora@demo.si", subject: "Re: [#\(anas.number)] Odgovor", body: "Tuje."),
        context: context, on: app.db)
      guard case .newRequest(let first) = byNumber else { Issue.record("got \(byNumber)"); return }
      #expect(first != anas.number)
      let byMessageID = try await InboundMailService.ingest(
        MailIntakeTests.message(
          from: "dora@demo.si", subject: "Re: Odgovor", body: "Tuje.", headers: ["In-Reply-To: <\(sent.messageID)>"]),
        context: context, on: app.db)
      guard case .newRequest(let second) = byMessageID else { Issue.record("got \(byMessageID)"); return }
      #expect(second != anas.number)
      #expect(try await Message.query(on: app.db).filter(\.$request.$id == requestID).count() == messages)
      let filed = try await SupportRequest.query(on: app.db).filter(\.$number ~~ [first, second]).with(\.$contact).all()
      #expect(filed.map { $0.contact?.email } == ["dora@demo.si", "dora@demo.si"])

      // Ana herself and Boris, the organisation admin, thread as before.
      let boris = try await InboundMailService.ingest(
        MailIntakeTests.message(from: "boris@demo.si", subject: "Re: [#\(anas.number)] Odgovor", body: "Admin."),
        context: context, on: app.db)
      #expect(boris == .addedToRequest(number: anas.number, reopened: false))
      let ana = try await InboundMailService.ingest(
        MailIntakeTests.message(
          from: "ana@demo.si", subject: "Re: Odgovor", body: "Hvala.", headers: ["In-Reply-To: <\(sent.messageID)>"]),
        context: context, on: app.db)
      #expect(ana == .addedToRequest(number: anas.number, reopened: false))
      #expect(try await Message.query(on: app.db).filter(\.$request.$id == requestID).count() == messages + 2)
    }
  }

  // MARK: Finding 8: NUL bytes

  @Test("a NUL in the portal form, a workspace form or an API body is a 400 naming the field; nothing is stored")
  func nulRefused() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let before = try await HostileInputTests.counts(app.db)
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let portal = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(subject: "Obračun\u{0}plač"))
      #expect(portal.status == .badRequest)
      #expect(portal.body.string.contains("»subject«"))

      let number = try #require(try await SupportRequest.query(on: app.db).filter(\.$status == .inProgress).first())
        .number
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let note = try await agent.post(
        SiteURL.workspaceRequestAction(.value(number), .note).path, form: ["body": "Opomba\u{0}skrita"])
      #expect(note.status == .badRequest)
      #expect(note.body.string.contains("»body«"))

      let api = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let filed = try await api.send(
        .POST, SiteURL.apiRequests.path,
        json: #"{"program": "PL", "subject": "Obračun\u0000plač", "description": "Kako vnesem bolniško?"}"#)
      #expect(filed.status == .badRequest)
      let problem = try api.json(filed)
      #expect((problem["detail"] as? String)?.contains("»subject«") == true)

      #expect(try await HostileInputTests.counts(app.db) == before)
      // The same texts without the NUL go through.
      let fine = try await api.send(
        .POST, SiteURL.apiRequests.path,
        json: #"{"program": "PL", "subject": "Obračun plač", "description": "Kako vnesem bolniško?"}"#)
      #expect(fine.status == .created)
    }
  }
}

import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Security: headers and no inline code on every page, body limits, audit log, password policy")
struct SecurityTests {
  /// Who browses, and where each starts; the crawl follows every same-site link from there.
  static let visitors: [(name: String, email: String?, staff: Bool, start: [String])] = [
    (
      "anonymous", nil, false,
      [
        SiteURL.home.path, SiteURL.help.path, SiteURL.portalPolicy.path, SiteURL.portalSignIn.path,
        SiteURL.staffSignIn.path, SiteURL.portalForgotPassword.path, SiteURL.newsletters.path,
        SiteURL.newsletterSubscribe.path, SiteURL.helpSearch.path + "?q=pla%C4%8De",
      ]
    ),
    ("member", "ana@demo.si", false, [SiteURL.portalRequests.path, SiteURL.portalNewRequest.path]),
    ("organisation admin", "boris@demo.si", false, [SiteURL.portalRequests.path]),
    ("overdue customer", "cene@dolznik.si", false, [SiteURL.portalRequests.path, SiteURL.portalNewRequest.path]),
    ("agent", "agent@podpora.si", true, [SiteURL.workspace.path, SiteURL.workspacePhone.path + "?q=demo"]),
    ("supervisor", "vodja@podpora.si", true, [SiteURL.workspace.path, SiteURL.workspaceSupervisor.path]),
    ("admin", "admin@podpora.si", true, [SiteURL.workspace.path, SiteURL.workspaceAudit.path]),
  ]

  /// Links a crawl must not follow: they change state or leave the HTML pages (downloads, the language switch
  /// that only sets a cookie, the F1 redirector).
  static func shouldSkip(_ path: String) -> Bool {
    path.hasPrefix("/language/") || path.contains("/attachments/") || path.hasPrefix("/static/")
      || path.hasPrefix("/api/") || path == SiteURL.metrics.path || path == SiteURL.healthz.path
  }

  /// What a strict CSP (`script-src 'self'; style-src 'self'`) would block, so a page carrying it is broken:
  /// a `<script>` with a body, an event-handler attribute, a `style` attribute or element.
  static func inlineCode(in html: String) -> [String] {
    var found: [String] = []
    let scripts = try! Regex(#"<script\b[^>]*>([^<]*)</script>"#).ignoresCase()
    for match in html.matches(of: scripts) {
      let body = String(html[match.range]).replacingOccurrences(
        of: #"<script\b[^>]*>"#, with: "", options: .regularExpression)
      if !body.replacingOccurrences(of: "</script>", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        .isEmpty
      {
        found.append("inline <script>")
      }
    }
    let tags = try! Regex(#"<[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>"#)
    let handler = try! Regex(#"\son[a-z]+\s*="#).ignoresCase()
    let style = try! Regex(#"\sstyle\s*="#).ignoresCase()
    for match in html.matches(of: tags) {
      // Attribute values are quoted; drop them so text inside a value cannot look like an attribute.
      let tag = String(html[match.range]).replacingOccurrences(
        of: #""[^"]*"|'[^']*'"#, with: "\"\"", options: .regularExpression)
      if tag.contains(handler) { found.append("event handler in \(tag.prefix(80))") }
      if tag.contains(style) { found.append("style attribute in \(tag.prefix(80))") }
    }
    if html.range(of: "<style", options: .caseInsensitive) != nil { found.append("<style> element") }
    return found
  }

  static func links(in html: String) -> [String] {
    let href = try! Regex(##"href="([^"#]*)""##)
    return html.matches(of: href).compactMap { match in
      let raw = String(html[match.range]).dropFirst(6).dropLast()
      let path = String(raw).replacingOccurrences(of: "&amp;", with: "&")
      return path.hasPrefix("/") && !path.hasPrefix("//") ? path : nil
    }
  }

  @Test("every page the demo data reaches, for every kind of visitor, carries the headers and no inline code")
  func everyPage() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      var total = 0
      for visitor in Self.visitors {
        let browser = TestBrowser(app)
        if let email = visitor.email {
          #expect(try await browser.signIn(email, staff: visitor.staff).status == .seeOther, "\(email) signs in")
        }
        var queue = visitor.start
        var seen = Set(queue)
        var pages = 0
        while !queue.isEmpty && pages < 150 {
          let path = queue.removeFirst()
          let response = try await browser.get(path)
          #expect(response.status.code < 500, "\(visitor.name): \(path) answered \(response.status)")
          let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
          #expect(csp.contains("script-src 'self'") && csp.contains("style-src 'self'"), "CSP on \(path)")
          #expect(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"), "CSP on \(path)")
          #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "nosniff on \(path)")
          #expect(response.headers.first(name: "Referrer-Policy") == "same-origin", "Referrer-Policy on \(path)")
          guard response.headers.contentType?.subType == "html", response.status == .ok else { continue }
          pages += 1
          let html = response.body.string
          #expect(Self.inlineCode(in: html).isEmpty, "\(visitor.name): \(path): \(Self.inlineCode(in: html))")
          for link in Self.links(in: html) where !Self.shouldSkip(link) && !seen.contains(link) {
            seen.insert(link)
            queue.append(link)
          }
        }
        // Each kind of visitor reaches more than its starting pages: the crawl really followed links.
        #expect(pages > visitor.start.count, "\(visitor.name) reached \(pages) pages")
        total += pages
      }
      #expect(total > 100, "the crawl rendered \(total) pages")
    }
  }

  @Test("the inline-code check finds what the CSP would block")
  func inlineCodeCheck() {
    #expect(Self.inlineCode(in: #"<p>onclick= is text</p><script src="/static/portal.js"></script>"#).isEmpty)
    #expect(Self.inlineCode(in: #"<a title="x onclick=y">t</a>"#).isEmpty)
    #expect(Self.inlineCode(in: "<script>alert(1)</script>").count == 1)
    #expect(Self.inlineCode(in: #"<img src="x" onerror="alert(1)">"#).count == 1)
    #expect(Self.inlineCode(in: #"<div style="color:red">x</div>"#).count == 1)
  }

  // MARK: Body limits

  /// Sends a request whose Content-Length announces `length` bytes while only `body` follows, straight to the
  /// app's responder: the in-memory tester would correct the header to the real size.
  static func announced(
    _ app: Application, _ method: HTTPMethod, _ path: String, length: Int, contentType: String, body: Data = Data(),
    accept: String = "text/html", browser: TestBrowser? = nil
  ) async throws -> Response {
    var headers = HTTPHeaders()
    if let cookies = browser?.cookies, !cookies.isEmpty {
      headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
    }
    headers.replaceOrAdd(name: .accept, value: accept)
    headers.replaceOrAdd(name: .contentType, value: contentType)
    let request = Request(
      application: app, method: method, url: URI(path: path), headers: headers,
      collectedBody: body.isEmpty ? nil : ByteBuffer(data: body), remoteAddress: nil, on: app.eventLoopGroup.next())
    // After the initialiser, which sets the length of the body it was given.
    request.headers.replaceOrAdd(name: .contentLength, value: String(length))
    return try await app.responder.current.respond(to: request).get()
  }

  @Test("every class of route refuses a body over its limit with 413 and a clear message, before reading it")
  func bodyLimits() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let before = try await PortalFixtures.requestCount(app.db)
      let twoGB = 2_147_483_648
      let form = "application/x-www-form-urlencoded"
      // One route of each class: a default-limit form, a script endpoint, an upload form, the mail API.
      let routes: [(String, Int)] = [
        (SiteURL.portalSignIn.path, 1024 * 1024),
        (SiteURL.newsletterSubscribe.path, 1024 * 1024),
        (SiteURL.portalNewRequestLive.path, 1024 * 1024),
        (SiteURL.workspacePresence.path, 1024 * 1024),
        (SiteURL.portalNewRequest.path, AttachmentRules.requestBodyLimit.value),
        ("/api/v1/inbound-mail", 25 * 1024 * 1024),
      ]
      for (path, limit) in routes {
        // At the limit the request goes on to its handler (which finds the few bytes wanting).
        let within = try await Self.announced(
          app, .POST, path, length: limit, contentType: form, body: Data("a=b".utf8), browser: ana)
        #expect(within.status != .payloadTooLarge, "\(path) with its limit announced")
        for length in [limit + 1, twoGB] {
          // Only a few bytes follow the header: the answer comes from the announced length alone.
          let response = try await Self.announced(
            app, .POST, path, length: length, contentType: form, body: Data("a=b".utf8), browser: ana)
          let text = response.body.string ?? ""
          #expect(response.status == .payloadTooLarge, "\(path) with \(length) bytes announced")
          #expect(text.contains("prevelika"), "\(path): Slovenian message")
          #expect(text.contains("too large"), "\(path): English message")
        }
      }
      let api = try await Self.announced(
        app, .POST, "/api/v1/inbound-mail", length: twoGB, contentType: "message/rfc822", accept: "application/json")
      #expect(api.headers.contentType?.description.hasPrefix("application/problem+json") == true)
      #expect(api.body.string?.contains("25 MB") == true)

      // A body really over the default limit.
      let big = String(repeating: "x", count: 1_100_000)
      let posted = try await ana.post(SiteURL.portalSignIn.path, form: ["email": big, "password": "x"])
      #expect(posted.status == .payloadTooLarge)
      #expect(posted.body.string.contains("1 MB"))
      // Within the upload route's larger limit the same size is fine (a form error, not a size error).
      let upload = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(subject: big))
      #expect(upload.status == .unprocessableEntity)
      #expect(try await PortalFixtures.requestCount(app.db) == before, "nothing was stored")

      let bad = try await Self.announced(
        app, .POST, SiteURL.portalSignIn.path, length: -5, contentType: form, body: Data())
      #expect(bad.status == .badRequest || bad.status == .payloadTooLarge)
    }
  }

  // MARK: Audit log

  @Test("every staff action is audited with its route, actor and outcome, refused ones too")
  func staffActionsAudited() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let entriesBefore = try await AuditEntry.query(on: app.db).filter(\.$action == StaffAuditMiddleware.action)
        .count()
      #expect(entriesBefore == 0, "signing in is a sign-in entry, not a staff request")

      let done = try await agent.post(SiteURL.workspacePresence.path, form: ["presence": "away"])
      #expect(done.status.code < 400)
      let forged = try await agent.post(SiteURL.workspacePresence.path, form: ["presence": "on_duty"], csrf: "forged")
      #expect(forged.status == .forbidden)
      let forbidden = try await agent.post(
        SiteURL.workspaceRequestAction("2026-000001", .override).path, form: ["outcome": "free", "reason": "x"])
      #expect(forbidden.status == .forbidden || forbidden.status == .notFound)
      try await agent.get(SiteURL.workspace.path)

      let entries = try await AuditEntry.query(on: app.db).filter(\.$action == StaffAuditMiddleware.action)
        .sort(\.$id).all()
      #expect(entries.count == 3, "three posts, and the GET is not an action")
      #expect(entries.allSatisfy { $0.actor == "staff:agent@podpora.si" })
      #expect(
        entries.map(\.subject) == [
          SiteURL.workspacePresence.path, SiteURL.workspacePresence.path,
          SiteURL.workspaceRequestAction("2026-000001", .override).path,
        ])
      let details = try entries.map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.details.utf8)) as? [String: Any])
      }
      #expect(details[0]["route"] as? String == "/workspace/presence")
      #expect(details[0]["outcome"] as? String == "done")
      #expect(details[1]["status"] as? Int == 403)
      #expect(details[1]["outcome"] as? String == "refused")
      #expect(details[2]["route"] as? String == "/workspace/requests/:number/override")
      #expect(details[2]["outcome"] as? String == "refused")

      // A customer's posts are not staff actions.
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      try await ana.post(SiteURL.portalSignOut.path, form: [:])
      #expect(
        try await AuditEntry.query(on: app.db).filter(\.$action == StaffAuditMiddleware.action).count() == 3)
    }
  }

  @Test("staff actions through the API with a staff token are audited like the workspace's")
  func staffTokenAudited() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let agent = try await APIClient.make(app, scope: .staff, person: "agent@podpora.si")
      let customer = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let taken = try await agent.send(.POST, SiteURL.apiTakeNext.path)
      #expect(taken.status.code < 500)
      try await customer.send(.POST, SiteURL.apiRequests.path, json: APIRequestsTests.newRequest)
      let entries = try await AuditEntry.query(on: app.db).filter(\.$action == StaffAuditMiddleware.action).all()
      #expect(entries.map(\.actor) == ["staff:agent@podpora.si"], "the customer's request is not a staff action")
      #expect(entries.first?.subject == SiteURL.apiTakeNext.path)
    }
  }

  @Test("every sign-in, successful or not, of contacts and staff is in the audit log")
  func signInsAudited() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      try await TestBrowser(app).signIn("ana@demo.si")
      try await TestBrowser(app).signIn("ana@demo.si", password: "wrong-password")
      try await TestBrowser(app).signIn("agent@podpora.si", staff: true)
      try await TestBrowser(app).signIn("agent@podpora.si", password: "wrong-password", staff: true)
      try await TestBrowser(app).signIn("nobody@nowhere.si", password: "wrong-password", staff: true)
      let entries = try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["sign_in", "sign_in.failed"])
        .sort(\.$id).all()
      #expect(
        entries.map { "\($0.actor) \($0.action)" } == [
          "contact:ana@demo.si sign_in", "contact:ana@demo.si sign_in.failed", "staff:agent@podpora.si sign_in",
          "staff:agent@podpora.si sign_in.failed", "staff:nobody@nowhere.si sign_in.failed",
        ])
    }
  }

  @Test("admins read the audit log newest first, fifty to a page; nobody else can")
  func auditLogPage() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      for index in 1...60 {
        try await AuditEntry(
          at: clock.now + Double(index), actor: "staff:test", action: "test.entry", subject: "entry-\(index)"
        ).create(on: app.db)
      }
      let admin = TestBrowser(app)
      try await admin.signIn("admin@podpora.si", staff: true)
      let first = try await admin.get(SiteURL.workspaceAudit.path)
      #expect(first.status == .ok)
      let html = first.body.string
      // The admin's own sign-in is the newest entry, then entry-60 downwards.
      let sign = try #require(html.range(of: "admin@podpora.si"))
      let sixty = try #require(html.range(of: "entry-60<"))
      let fiftyNine = try #require(html.range(of: "entry-59<"))
      #expect(sign.lowerBound < sixty.lowerBound && sixty.lowerBound < fiftyNine.lowerBound)
      #expect(html.contains("entry-12<"))
      #expect(!html.contains("entry-11<"), "fifty entries to a page")
      let next = try #require(
        Self.links(in: html).first { $0.hasPrefix(SiteURL.workspaceAudit.path + "?before=") })
      let second = try await admin.get(next).body.string
      #expect(second.contains("entry-11<") && second.contains("entry-1<"))
      #expect(!second.contains("entry-12<"))

      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      #expect(try await supervisor.get(SiteURL.workspaceAudit.path).status == .forbidden)
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      #expect(try await ana.get(SiteURL.workspaceAudit.path).status == .seeOther)
    }
  }

  // MARK: Password policy

  @Test("the password policy holds wherever a password is set, even past the form")
  func passwordPolicyInService() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let ana = try await PortalFixtures.contact("ana@demo.si", on: app.db)
      let token = "test-reset-token"
      let record = PasswordResetToken()
      record.$contact.id = try ana.requireID()
      record.tokenHash = PasswordResetService.sha256(token)
      record.expiresAt = clock.now + 600
      record.createdAt = clock.now
      try await record.create(on: app.db)
      let hashBefore = ana.passwordHash
      for weak in ["short", "aaaaaaaaaaaa", "ana@demo.si", String(repeating: "ab12", count: 300)] {
        await #expect(throws: Abort.self, "\(weak.prefix(20)) is refused") {
          _ = try await PasswordResetService.reset(token: token, newPassword: weak, now: clock.now, on: app.db)
        }
      }
      let after = try await PortalFixtures.contact("ana@demo.si", on: app.db)
      #expect(after.passwordHash == hashBefore, "nothing changed")
      #expect(
        try await PasswordResetService.reset(token: token, newPassword: "dolgo geslo 2026", now: clock.now, on: app.db))
    }
  }
}

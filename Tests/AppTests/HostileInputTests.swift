import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Hostile input: every bad input a clear 4xx, markup shown as typed, nothing stored half")
struct HostileInputTests {
  /// Markup, an entity, quotes that would close an attribute, and SQL.
  static let payload =
    #"<script>alert('x')</script>"><img src=x onerror=alert(1)> &lt;b&gt; ' OR 1=1; DROP TABLE requests; --"#

  /// The page shows the payload as text: no element it could have made, and the entity as typed.
  static func expectEscaped(_ html: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!html.contains("<script>alert"), "\(context): script element", sourceLocation: sourceLocation)
    #expect(!html.contains("<img src=x"), "\(context): img element", sourceLocation: sourceLocation)
    #expect(html.contains("&lt;script&gt;alert("), "\(context): shown as text", sourceLocation: sourceLocation)
    #expect(html.contains("&amp;lt;b&amp;gt;"), "\(context): the entity as typed", sourceLocation: sourceLocation)
    #expect(SecurityTests.inlineCode(in: html).isEmpty, "\(context): no inline code", sourceLocation: sourceLocation)
  }

  /// Row counts of every table a form can write, to prove a refused input stored nothing.
  static func counts(_ db: any Database) async throws -> [Int] {
    [
      try await SupportRequest.query(on: db).count(), try await RequestEvent.query(on: db).count(),
      try await Message.query(on: db).count(), try await Attachment.query(on: db).count(),
      try await OutboxMessage.query(on: db).count(), try await Subscriber.query(on: db).count(),
      try await DecisionRecord.query(on: db).count(),
    ]
  }

  static func isBilingual(_ text: String) -> Bool {
    // Our messages put Slovenian first and English beside it; neither Foundation's nor Vapor's internals show.
    !text.contains("Underlying error") && !text.contains("NSCocoaErrorDomain") && !text.contains("DecodingError")
  }

  @Test("markup and SQL typed into portal and workspace fields are stored as typed and shown escaped everywhere")
  func markupEverywhere() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let filed = try await ana.postMultipart(
        SiteURL.portalNewRequest.path,
        fields: PortalFixtures.newRequest(subject: Self.payload, body: "Opis: " + Self.payload))
      #expect(filed.status == .seeOther)
      let number = try PortalFixtures.number(fromLocation: filed)
      let stored = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      #expect(stored.subject == Self.payload, "stored exactly as typed")
      #expect(stored.body == "Opis: " + Self.payload)
      #expect(try await SupportRequest.query(on: app.db).count() > 1, "the SQL in the text did nothing")

      let reply = try await ana.postMultipart(
        SiteURL.portalRequestReply(.value(number)).path, fields: [("body", "Odgovor " + Self.payload)])
      #expect(reply.status == .seeOther)
      Self.expectEscaped(try await ana.get(SiteURL.portalRequest(.value(number)).path).body.string, "portal request")
      Self.expectEscaped(try await ana.get(SiteURL.portalRequests.path).body.string, "portal list")
      Self.expectEscaped(
        try await ana.get(SiteURL.portalRequests.path + "?q=" + TestBrowser.encode(Self.payload)).body.string,
        "portal list searched for the payload")

      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let note = try await agent.post(
        SiteURL.workspaceRequestAction(.value(number), .note).path, form: ["body": "Opomba " + Self.payload])
      #expect(note.status == .seeOther)
      Self.expectEscaped(
        try await agent.get(SiteURL.workspaceRequest(.value(number)).path).body.string, "workspace request")
      Self.expectEscaped(try await agent.get(SiteURL.workspace.path).body.string, "waiting list")
      let notes = try await Message.query(on: app.db).filter(\.$body == "Opomba " + Self.payload).count()
      #expect(notes == 1)
      // A refused workspace form shows what was typed, escaped, inside its textarea.
      let tooLong = try await agent.post(
        SiteURL.workspaceRequestAction(.value(number), .refuse).path,
        form: ["reason": Self.payload + String(repeating: "x", count: RequestWork.reasonLimit)])
      #expect(tooLong.status.code >= 400 && tooLong.status.code < 500)
      #expect(!tooLong.body.string.contains("<script>alert"))

      let search = try await TestBrowser(app).get(SiteURL.helpSearch.path + "?q=" + TestBrowser.encode(Self.payload))
      #expect(search.status == .ok)
      #expect(!search.body.string.contains("<script>alert") && !search.body.string.contains("<img src=x"))
      let phone = try await agent.get(SiteURL.workspacePhone.path + "?q=" + TestBrowser.encode(Self.payload))
      #expect(phone.status == .ok)
      #expect(!phone.body.string.contains("<script>alert") && !phone.body.string.contains("<img src=x"))
    }
  }

  @Test("sign-in, password and newsletter forms: markup, SQL and over-long values get clear answers")
  func signInAndNewsletterForms() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let before = try await Self.counts(app.db)
      let browser = TestBrowser(app)
      try await browser.get(SiteURL.portalSignIn.path)
      for email in [Self.payload, "ana@demo.si' OR '1'='1", "' OR 1=1 --"] {
        let response = try await browser.post(
          SiteURL.portalSignIn.path, form: ["email": email, "password": "x' OR '1'='1"])
        #expect(response.status == .unauthorized, "\(email)")
        #expect(!response.body.string.contains("<script>alert") && !response.body.string.contains("<img src=x"))
      }
      let long = try await browser.post(
        SiteURL.staffSignIn.path, form: ["email": String(repeating: "a", count: 5000) + "@x.si", "password": "x"])
      #expect(long.status == .badRequest)
      #expect(long.body.string.contains("Vpišite e-naslov in geslo"))

      for email in [Self.payload, String(repeating: "b", count: 5000) + "@x.si", "a@b.si\r\nBcc: all@x.si"] {
        let response = try await browser.post(SiteURL.newsletterSubscribe.path, form: ["email": email])
        #expect(response.status == .unprocessableEntity, "\(email.prefix(30))")
        #expect(response.body.string.contains("veljaven e-naslov"))
        #expect(!response.body.string.contains("<script>alert") && !response.body.string.contains("<img src=x"))
      }
      let forgot = try await browser.post(SiteURL.portalForgotPassword.path, form: ["email": Self.payload])
      #expect(forgot.status == .ok, "the same answer whatever the address")
      #expect(try await Self.counts(app.db) == before, "nothing stored")
    }
  }

  @Test("over-long fields and invalid UTF-8 are refused with a clear message, and nothing is stored")
  func overLongAndInvalidUTF8() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let number = try #require(
        try await SupportRequest.query(on: app.db).filter(\.$status == .waiting).first()?.number)
      let before = try await Self.counts(app.db)
      let longSubject = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(subject: String(repeating: "Ž", count: 5000)))
      #expect(longSubject.status == .unprocessableEntity)
      #expect(longSubject.body.string.contains("Zadeva je predolga"))
      let longBody = try await ana.postMultipart(
        SiteURL.portalNewRequest.path,
        fields: PortalFixtures.newRequest(body: String(repeating: "a", count: RequestFiling.bodyLimit + 1)))
      #expect(longBody.status == .unprocessableEntity)
      let longReply = try await ana.postMultipart(
        SiteURL.portalRequestReply(.value(number)).path,
        fields: [("body", String(repeating: "a", count: CustomerReplies.limit + 1))])
      #expect(longReply.status == .unprocessableEntity)
      #expect(longReply.body.string.contains("predolgo"))

      // Bytes that are not UTF-8, percent-encoded in a form and raw in a multipart part.
      guard let csrf = ana.csrf else { throw TestSetupError("no CSRF cookie") }
      let encoded = try await ana.send(
        .POST, SiteURL.portalNewRequest.path,
        body: "program=PL&category=usage&subject=%FF%FE%C3&body=%C0%AF&intent=file&csrf=\(csrf)",
        contentType: "application/x-www-form-urlencoded")
      #expect(encoded.status.code >= 400 && encoded.status.code < 500, "\(encoded.status)")
      #expect(Self.isBilingual(encoded.body.string))
      let boundary = "hostile-boundary"
      var raw = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8)
      for (name, value) in PortalFixtures.newRequest() where name != "subject" {
        raw.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
      }
      raw.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\n".utf8))
      raw.append(Data([0x4F, 0xFF, 0xFE, 0x80, 0x0D, 0x0A]))
      raw.append(Data("--\(boundary)--\r\n".utf8))
      let multipart = try await ana.sendData(
        .POST, SiteURL.portalNewRequest.path, body: raw, contentType: "multipart/form-data; boundary=\(boundary)")
      #expect(multipart.status.code >= 400 && multipart.status.code < 500, "\(multipart.status)")
      #expect(Self.isBilingual(multipart.body.string))
      #expect(try await Self.counts(app.db) == before, "nothing stored")
    }
  }

  @Test("path traversal and NUL bytes in attachment names never reach the disk or the download header")
  func attachmentNames() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let names = ["../../etc/passwd.txt", #"..\..\windows\x.txt"#, "a\u{0}b.txt", "....//....//c.txt", "/etc/d.txt"]
      let response = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(),
        files: names.map { TestFile(filename: $0, contentType: "text/plain", data: Data("besedilo".utf8)) })
      #expect(response.status == .seeOther)
      let number = try PortalFixtures.number(fromLocation: response)
      let attachments = try await Attachment.query(on: app.db).sort(\.$id).all()
      #expect(attachments.count == names.count)
      for attachment in attachments {
        #expect(!attachment.filename.contains("/") && !attachment.filename.contains("\\"))
        #expect(!attachment.filename.hasPrefix(".") && !attachment.filename.contains("\u{0}"))
        #expect(AttachmentStore.isStorageName(attachment.storageName))
        let download = try await ana.get(
          SiteURL.portalAttachment(.value(number), .value(try attachment.requireID())).path)
        let disposition = try #require(download.headers.first(name: .contentDisposition))
        #expect(disposition.hasPrefix("attachment;"))
        #expect(!disposition.contains("..") && !disposition.contains("/") && !disposition.contains("\u{0}"))
      }
      #expect(Set(PortalFixtures.filesOnDisk(app)) == Set(attachments.map(\.storageName)), "only random names on disk")
    }
  }

  @Test("malformed JSON and wrong content types get a clear 4xx without internals")
  func malformedBodies() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let before = try await Self.counts(app.db)
      let headers = [CSRFMiddleware.headerName: ana.csrf ?? ""]
      let broken = try await ana.send(
        .POST, SiteURL.portalNewRequestLive.path, body: #"{"subject": "#, contentType: "application/json",
        accept: "application/json", headers: headers)
      #expect(broken.status == .badRequest)
      #expect(broken.headers.contentType?.description.hasPrefix("application/problem+json") == true)
      #expect(broken.body.string.contains("ni veljaven JSON") && broken.body.string.contains("not valid JSON"))
      #expect(Self.isBilingual(broken.body.string))
      let wrongType = try await ana.send(
        .POST, SiteURL.portalNewRequestLive.path, body: #"{"subject": 5}"#, contentType: "application/json",
        accept: "application/json", headers: headers)
      #expect(wrongType.status == .badRequest)
      #expect(wrongType.body.string.contains("subject"))
      #expect(Self.isBilingual(wrongType.body.string))
      let plain = try await ana.send(
        .POST, SiteURL.portalNewRequest.path, body: "subject=x", contentType: "text/plain", headers: headers)
      #expect(plain.status == .unsupportedMediaType)
      #expect(plain.body.string.contains("ne podpiramo") && plain.body.string.contains("not supported"))
      let xml = try await ana.send(
        .POST, SiteURL.portalSignIn.path, body: "<a/>", contentType: "application/xml", headers: headers)
      #expect(xml.status == .unsupportedMediaType)

      // The inbound-mail API: no body, and a body that is no message at all.
      let token = try await APITokens.create(name: "mta", scope: "inbound-mail", now: clock.now, on: app.db)
      let empty = try await ana.send(
        .POST, "/api/v1/inbound-mail", body: "", contentType: "message/rfc822", accept: "application/json",
        headers: ["Authorization": "Bearer \(token)"])
      #expect(empty.status == .badRequest)
      #expect(empty.body.string.contains("RFC 5322") && empty.body.string.contains(" / "))
      #expect(try await Self.counts(app.db) == before, "nothing stored")
    }
  }

  @Test("the JSON API: markup stored as typed, malformed JSON, wrong types, bad bytes, over-long and huge bodies")
  func jsonAPI() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let subject = String(Self.payload.prefix(RequestFiling.subjectLimit))
      let body = try JSONSerialization.data(withJSONObject: [
        "program": "PL", "subject": subject, "description": Self.payload,
      ])
      let created = try await ana.send(.POST, SiteURL.apiRequests.path, json: String(decoding: body, as: UTF8.self))
      #expect(created.status == .created)
      let answer = try ana.json(created)
      #expect(answer["subject"] as? String == subject, "returned as typed: JSON needs no HTML escaping")
      let number = try #require(answer["number"] as? String)
      let stored = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      #expect(stored.subject == subject && stored.body == Self.payload)

      let before = try await Self.counts(app.db)
      let cases: [(String, String?, String, HTTPStatus)] = [
        ("truncated JSON", "application/json", #"{"program": "PL", "subject": "#, .badRequest),
        ("not JSON", "application/json", "<xml/>", .badRequest),
        (
          "a number for a string", "application/json", #"{"program": "PL", "subject": 5, "description": "x"}"#,
          .badRequest
        ),
        ("missing field", "application/json", #"{"program": "PL"}"#, .badRequest),
        (
          "over-long subject", "application/json",
          #"{"program": "PL", "subject": ""# + String(repeating: "a", count: 5000) + #"", "description": "x"}"#,
          .unprocessableEntity
        ),
        // The API's routes take JSON only, and say so (the HTML forms answer 415; the API's document lists 400).
        ("wrong content type", "text/plain", "program=PL", .badRequest),
        ("form instead of JSON", "application/x-www-form-urlencoded", "program=PL&subject=x", .badRequest),
      ]
      for (name, contentType, text, status) in cases {
        var captured: TestingHTTPResponse?
        try await app.testing().test(
          .POST, SiteURL.apiRequests.path,
          beforeRequest: { request async in
            request.headers.bearerAuthorization = .init(token: ana.token ?? "")
            if let contentType { request.headers.replaceOrAdd(name: .contentType, value: contentType) }
            request.body = ByteBuffer(string: text)
          },
          afterResponse: { captured = $0 })
        let response = try #require(captured)
        #expect(response.status == status, "\(name): \(response.status)")
        #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true, "\(name)")
        #expect(Self.isBilingual(response.body.string) && !response.body.string.contains("Swift."), "\(name)")
        if status == .badRequest {
          let text = response.body.string
          #expect(text.contains("JSON") || text.contains("polje") || text.contains("field"), "\(name): \(text)")
        }
      }
      // Bytes that are not UTF-8 inside a JSON string.
      var invalid = Data(#"{"program": "PL", "subject": "a"#.utf8)
      invalid.append(contentsOf: [0xFF, 0xFE])
      invalid.append(Data(#"", "description": "x"}"#.utf8))
      var captured: TestingHTTPResponse?
      try await app.testing().test(
        .POST, SiteURL.apiRequests.path,
        beforeRequest: { request async in
          request.headers.bearerAuthorization = .init(token: ana.token ?? "")
          request.headers.contentType = .json
          request.body = ByteBuffer(data: invalid)
        },
        afterResponse: { captured = $0 })
      #expect(captured?.status == .badRequest)
      let huge = try await SecurityTests.announced(
        app, .POST, SiteURL.apiRequests.path, length: 2_147_483_648, contentType: "application/json",
        body: Data("{}".utf8), accept: "application/json")
      #expect(huge.status == .payloadTooLarge)
      #expect(try await Self.counts(app.db) == before, "nothing stored")
    }
  }
}

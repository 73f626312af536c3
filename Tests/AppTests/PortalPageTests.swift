import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Portal pages: every policy rule in words, the language is remembered, the script and the lists")
struct PortalPageTests {
  @Test("\"How we decide\" states every rule of the policy as a customer sentence, in Slovenian and in English")
  func everyRuleInBothLanguages() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let browser = TestBrowser(app)
      let slovenian = try await browser.get(SiteURL.portalPolicy.path)
      #expect(slovenian.status == .ok)
      try await browser.get(SiteURL.language("en").path)
      let english = try await browser.get(SiteURL.portalPolicy.path)
      for rule in RuleID.allCases {
        #expect(slovenian.body.string.contains(rule.slovenianText), "\(rule.rawValue) sl")
        #expect(english.body.string.contains(rule.englishText), "\(rule.rawValue) en")
        #expect(slovenian.body.string.contains(#"data-rule="\#(rule.rawValue)""#))
      }
      #expect(slovenian.body.string.contains("80,00 EUR"))
      #expect(english.body.string.contains("EUR 80.00"))
      #expect(slovenian.body.string.contains("od 8.00 do 16.00"))
    }
  }

  @Test("a signed-in contact's language switch is remembered with them and wins at the next sign-in")
  func languageRemembered() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      try await ana.get(SiteURL.language("en").path)
      #expect(try await PortalFixtures.contact("ana@demo.si", on: app.db).locale == "en")
      let elsewhere = TestBrowser(app)
      try await elsewhere.signIn("ana@demo.si")
      let page = try await elsewhere.get(SiteURL.portalRequests.path)
      #expect(page.body.string.contains("My requests"))
      #expect(page.body.string.contains("lang=\"en\""))
    }
  }

  @Test("the portal script is served from the app; pages carry no inline script or event handler")
  func scriptIsServedNotInlined() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let script = try await TestBrowser(app).get(SiteURL.portalScript.path)
      #expect(script.status == .ok)
      #expect(script.headers.first(name: .contentType)?.hasPrefix("text/javascript") == true)
      #expect(script.body.string.contains("X-CSRF-Token"))
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let anas = try await PortalFixtures.request("Izvoz REK obrazca", on: app.db)
      for path in [
        SiteURL.portalNewRequest.path, SiteURL.portalRequests.path, SiteURL.portalRequest(.value(anas.number)).path,
        SiteURL.portalPolicy.path,
      ] {
        let html = try await ana.get(path).body.string
        #expect(!html.contains("<script>"), "\(path)")
        #expect(!html.contains(" onclick="), "\(path)")
        #expect(!html.contains(" oninput="), "\(path)")
      }
      let form = try await ana.get(SiteURL.portalNewRequest.path).body.string
      #expect(form.contains(#"<script src="/static/portal.js" defer"#))
      #expect(form.contains(#"enctype="multipart/form-data""#))
    }
  }

  @Test("My requests: filter by status and by text, case- and diacritic-insensitively")
  func listFilters() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let rek = try await PortalFixtures.request("Izvoz REK obrazca", on: app.db)
      let waiting = try await PortalFixtures.request("Opomini kupcem", on: app.db)

      let all = try await ana.get(SiteURL.portalRequests.path).body.string
      #expect(all.contains(rek.number) && all.contains(waiting.number))
      let resolved = try await ana.get(SiteURL.portalRequests.path + "?status=resolved").body.string
      #expect(resolved.contains(rek.number))
      #expect(!resolved.contains(waiting.number))
      let open = try await ana.get(SiteURL.portalRequests.path + "?status=open").body.string
      #expect(open.contains(waiting.number))
      #expect(!open.contains(rek.number))
      let text = try await ana.get(SiteURL.portalRequests.path + "?q=OPOMINI").body.string
      #expect(text.contains(waiting.number))
      #expect(text.contains("Zahtev: 1"))
      let folded = try await ana.get(SiteURL.portalRequests.path + "?q=obracun%20nadur").body.string
      #expect(folded.contains("Obračun plač ne prikaže nadur"))
      let byNumber = try await ana.get(SiteURL.portalRequests.path + "?q=" + rek.number).body.string
      #expect(byNumber.contains("Zahtev: 1"))
      let none = try await ana.get(SiteURL.portalRequests.path + "?q=%22%3E%3Cb%3Exyz").body.string
      #expect(none.contains("Nobena zahteva ne ustreza filtru."))
      #expect(none.contains("value=\"&quot;&gt;&lt;b&gt;xyz\""), "the search box echoes the text escaped")
    }
  }

  @Test("over real HTTP, a large multipart form (a streamed body) passes the CSRF check and is filed")
  func largeUploadOverHTTP() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let port = Int.random(in: 40_000...60_000)
      app.http.server.configuration.port = port
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let cookie = ana.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
      let token = try #require(ana.csrf)
      let boundary = "podpora-boundary"
      var body = Data()
      for (name, value) in PortalFixtures.newRequest() + [("csrf", token)] {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
      }
      let big = Data(repeating: 0x41, count: 3 * 1024 * 1024)
      body.append(
        Data(
          "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachments[]\"; filename=\"dnevnik.log\"\r\n\r\n"
            .utf8))
      body.append(big)
      body.append(Data("\r\n--\(boundary)--\r\n".utf8))
      try await app.testing(method: .running(port: port)).test(
        .POST, SiteURL.portalNewRequest.path,
        beforeRequest: { request in
          request.headers.replaceOrAdd(name: .cookie, value: cookie)
          request.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
          request.body = ByteBuffer(data: body)
        },
        afterResponse: { response in
          // The HTTP client follows the redirect to the new request's page; a CSRF failure would be 403.
          #expect(response.status == .ok)
          #expect(response.body.string.contains("Zahtevo smo prejeli"))
        })
      let attachment = try #require(try await Attachment.query(on: app.db).first())
      #expect(attachment.size == big.count)
    }
  }
}

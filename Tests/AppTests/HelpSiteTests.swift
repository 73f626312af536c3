import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Help site: pages, F1 help, tips, newsletter archive, search page and API")
struct HelpSiteTests {
  @Test("every demo F1 key opens its article (302 to the article page)")
  func everyDemoF1KeyOpensItsArticle() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let keyed = DemoArticles.items.filter { $0.f1 != nil }
      #expect(keyed.count >= 12)
      for item in keyed {
        let path = "/pomoc/f1?program=\(item.program!)&context=\(item.f1!)"
        try await app.testing().test(.GET, path) { response async in
          #expect(response.status == .found, "\(path)")
          #expect(response.headers.first(name: .location) == SiteURL.helpArticle(.value(item.slug)).path, "\(path)")
        }
      }
      // The article the redirect points at is there.
      try await app.testing().test(.GET, SiteURL.helpArticle("obracun-plac").path) { response async in
        #expect(response.status == .ok)
        #expect(response.body.string.contains("Obračun plač: od priprave do zaključka"))
      }
    }
  }

  @Test("F1 without a registered article: the best match for the context's words, else the program page")
  func f1Fallbacks() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      // No article has the key `placa.regres`; its words find the regres tip of PL.
      try await app.testing().test(.GET, "/pomoc/f1?program=pl&context=placa.regres") { response async in
        #expect(response.status == .found)
        #expect(response.headers.first(name: .location) == SiteURL.helpArticle("nasvet-regres").path)
      }
      try await app.testing().test(.GET, "/pomoc/f1?program=OS&context=xyzzy_qwerty-123") { response async in
        #expect(response.status == .found)
        #expect(response.headers.first(name: .location) == SiteURL.helpProgram("OS").path)
      }
      try await app.testing().test(.GET, "/pomoc/f1?program=DK") { response async in
        #expect(response.headers.first(name: .location) == SiteURL.helpProgram("DK").path)
      }
      try await app.testing().test(.GET, "/pomoc/f1") { response async in
        #expect(response.status == .found)
        #expect(response.headers.first(name: .location) == SiteURL.help.path)
      }
    }
  }

  @Test("an unknown program is a 404 that lists the programs and offers search")
  func unknownProgram() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      for path in ["/pomoc/f1?program=XYZ&context=obracun.place", SiteURL.helpProgram("XYZ").path] {
        try await app.testing().test(.GET, path) { response async in
          #expect(response.status == .notFound)
          let body = response.body.string
          #expect(body.contains("XYZ"))
          #expect(body.contains(#"href="\#(SiteURL.helpProgram("PL").path)""#))
          #expect(body.contains(#"action="\#(SiteURL.helpSearch.path)""#))
        }
      }
    }
  }

  @Test("an article shows its Markdown as HTML with raw HTML escaped, and related articles")
  func articlePage() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let payroll = try #require(try await KnowledgeQueries.program(code: "PL", on: app.db))
      try await KnowledgeFixtures.article(
        "Nevarno besedilo",
        body: "Prvi **krepko** odstavek.\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1))",
        slug: "nevarno", program: payroll.id, tags: "obračun,plače", on: app.db)
      try await app.testing().test(.GET, SiteURL.helpArticle("nevarno").path) { response async in
        #expect(response.status == .ok)
        let body = response.body.string
        #expect(body.contains("<strong>krepko</strong>"))
        #expect(body.contains("&lt;script&gt;alert"))
        #expect(!body.contains("<script>"))
        #expect(!body.contains("javascript:"))
        // Related: same program and shared tags; the demo payroll article shares both.
        #expect(body.contains(#"href="\#(SiteURL.helpArticle("obracun-plac").path)""#))
        #expect(body.contains("<h1>Nevarno besedilo</h1>"))
      }
      try await app.testing().test(.GET, SiteURL.helpArticle("ni-ga").path) { response async in
        #expect(response.status == .notFound)
      }
    }
  }

  @Test("an article published later or for staff only is not served to the public")
  func unpublishedArticlesAreNotServed() async throws {
    try await TestApp.run { app, clock in
      try await KnowledgeFixtures.article("Jutri", slug: "jutri", publishedAt: TestApp.defaultNow + 3600, on: app.db)
      try await KnowledgeFixtures.article("Interno", slug: "interno", visibility: .staff, on: app.db)
      try await KnowledgeFixtures.article("Osnutek", slug: "osnutek", status: .draft, publishedAt: nil, on: app.db)
      for slug in ["jutri", "interno", "osnutek"] {
        try await app.testing().test(.GET, SiteURL.helpArticle(.value(slug)).path) { response async in
          #expect(response.status == .notFound, "\(slug)")
        }
      }
      clock.advance(seconds: 7200)
      try await app.testing().test(.GET, SiteURL.helpArticle("jutri").path) { response async in
        #expect(response.status == .ok)
      }
    }
  }

  @Test("staff signed in read staff-only articles and see requests in search results")
  func staffSeeMore() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      try await KnowledgeFixtures.article("Interni postopek obračuna", slug: "interno", visibility: .staff, on: app.db)
      let browser = TestBrowser(app)
      #expect(try await browser.get(SiteURL.helpArticle("interno").path).status == .notFound)
      try await browser.signIn("agent@podpora.si", staff: true)
      #expect(try await browser.get(SiteURL.helpArticle("interno").path).status == .ok)
      let page = try await browser.get(SiteURL.helpSearch.path + "?q=nadure")
      #expect(page.body.string.contains("Obračun plač ne prikaže nadur"))
      #expect(page.body.string.contains("<mark>nadure</mark>"))
      let api = try await browser.get(SiteURL.apiSearch.path + "?q=nadure", accept: "application/json")
      let decoded = try JSONDecoder().decode(SearchResponse.self, from: Data(buffer: api.body))
      #expect(decoded.results.contains { $0.kind == "request" })
    }
  }

  @Test("the home page has the search box, the programs, the newest tips and the newsletter form")
  func homePage() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      try await app.testing().test(.GET, SiteURL.help.path) { response async in
        #expect(response.status == .ok)
        let body = response.body.string
        #expect(body.contains(#"<label for="help-q">"#))
        for code in ["PL", "FAK", "DK", "OS"] {
          #expect(body.contains(#"href="\#(SiteURL.helpProgram(.value(code)).path)""#))
        }
        #expect(body.contains("Nasvet: samodejni opomini kupcem"))
        #expect(body.contains(#"action="\#(SiteURL.newsletterSubscribe.path)""#))
        #expect(body.contains(#"name="csrf""#))
      }
      try await app.testing().test(.GET, SiteURL.helpProgram("fak").path) { response async in
        #expect(response.status == .ok)
        #expect(response.body.string.contains("Izdaja računa in pošiljanje e-računa"))
        #expect(!response.body.string.contains("Obračun plač: od priprave"))
      }
    }
  }

  @Test("tips are listed newest first, a page at a time")
  func tipsNewestFirst() async throws {
    try await TestApp.run { app, _ in
      for day in 1...25 {
        try await KnowledgeFixtures.article(
          "Nasvet \(day)", slug: "nasvet-\(day)", kind: .tip, publishedAt: TestApp.defaultNow - Double(day) * 86_400,
          on: app.db)
      }
      try await KnowledgeFixtures.article("Navaden članek", kind: .article, on: app.db)
      let first = try await TestBrowser(app).get(SiteURL.helpTips.path).body.string
      let positions = ["Nasvet 1<", "Nasvet 2<", "Nasvet 20<"].map { first.range(of: $0)?.lowerBound }
      #expect(positions[0] != nil && positions[1] != nil && positions[0]! < positions[1]!)
      #expect(positions[2] != nil)
      #expect(!first.contains("Nasvet 21<"))
      #expect(!first.contains("Navaden članek"))
      #expect(first.contains("?stran=2"))
      let second = try await TestBrowser(app).get(SiteURL.helpTips.path + "?stran=2").body.string
      #expect(second.contains("Nasvet 21<") && second.contains("Nasvet 25<"))
      #expect(!second.contains("?stran=3"))
    }
  }

  @Test("the newsletter archive lists published issues newest first; an issue page renders its Markdown")
  func newsletterArchive() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      try await KnowledgeFixtures.newsletter("Osnutek številke", status: .draft, publishedAt: nil, on: app.db)
      let archive = try await TestBrowser(app).get(SiteURL.newsletters.path).body.string
      let november = try #require(archive.range(of: "E-novice, november 2026"))
      let october = try #require(archive.range(of: "E-novice, oktober 2026"))
      #expect(november.lowerBound < october.lowerBound)
      #expect(!archive.contains("Osnutek številke"))
      let issue = try await TestBrowser(app).get(SiteURL.newsletter("e-novice-2026-11").path)
      #expect(issue.status == .ok)
      #expect(issue.body.string.contains("<h2>E-računi</h2>"))
    }
  }

  @Test("the search page marks matches; the JSON API returns DTOs with ISO 8601 times and offsets")
  func searchPageAndAPI() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let page = try await TestBrowser(app).get(SiteURL.helpSearch.path + "?q=obracun+plac")
      #expect(page.status == .ok)
      #expect(page.body.string.contains("<mark>Obračun</mark> <mark>plač</mark>"))
      #expect(page.body.string.contains(#"value="obracun plac""#))

      try await app.testing().test(.GET, SiteURL.apiSearch.path + "?q=e-racun&program=FAK") { response async throws in
        #expect(response.status == .ok)
        #expect(response.headers.contentType == .json)
        let decoded = try JSONDecoder().decode(SearchResponse.self, from: Data(buffer: response.body))
        let first = try #require(decoded.results.first)
        #expect(first.title == "Izdaja računa in pošiljanje e-računa")
        #expect(first.kind == "article")
        #expect(first.id.hasPrefix("a-"))
        #expect(first.url == SiteURL.helpArticle("izdaja-racuna").path)
        #expect(first.snippet.contains("<mark>"))
        let published = try #require(first.publishedAt)
        #expect(
          published.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"#, options: .regularExpression) != nil)
        #expect(!decoded.results.contains { $0.kind == "request" })
      }
      try await app.testing().test(.GET, SiteURL.apiSearch.path + "?q=") { response async throws in
        #expect(response.status == .ok)
        #expect(try JSONDecoder().decode(SearchResponse.self, from: Data(buffer: response.body)).results.isEmpty)
      }
    }
  }
}

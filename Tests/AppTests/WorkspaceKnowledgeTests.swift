import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import Wording

@testable import App

@Suite("Workspace: staff edit articles with preview and history, compose and send newsletters")
struct WorkspaceKnowledgeTests {
  @Test("the editors are for staff only: anonymous visitors are sent to the staff sign-in, contacts too")
  func staffOnly() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let anonymous = TestBrowser(app)
      for path in [SiteURL.workspaceArticles.path, SiteURL.workspaceNewArticle.path, SiteURL.workspaceNewsletters.path]
      {
        let response = try await anonymous.get(path)
        #expect(response.status == .seeOther || response.status == .found, "\(path)")
        #expect(response.headers.first(name: .location)?.hasPrefix(SiteURL.staffSignIn.path) == true, "\(path)")
      }
      let contact = TestBrowser(app)
      try await contact.signIn("ana@demo.si")
      let response = try await contact.post(
        SiteURL.workspaceNewArticle.path, form: ["title": "x", "body": "y", "action": "save"])
      #expect(
        response.status == .forbidden
          || response.headers.first(name: .location)?.hasPrefix(SiteURL.staffSignIn.path) == true)
      #expect(try await Article.query(on: app.db).filter(\.$title == "x").count() == 0)
    }
  }

  @Test("preview renders the Markdown safely without saving; save records a revision; the history shows edits")
  func articleEditor() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let browser = TestBrowser(app)
      try await browser.signIn("agent@podpora.si", staff: true)
      #expect(try await browser.get(SiteURL.workspaceNewArticle.path).status == .ok)
      let form = [
        "title": "Potni nalogi", "slug": "", "kind": "article", "program": "PL", "f1": "potni.nalog",
        "tags": "potni nalog", "body": "Vnos v **Obračun**.\n\n<script>alert(1)</script>", "visibility": "public",
        "status": "published", "publishedAt": "", "note": "",
      ]
      var preview = form
      preview["action"] = "preview"
      let previewed = try await browser.post(SiteURL.workspaceNewArticle.path, form: preview)
      #expect(previewed.status == .ok)
      #expect(previewed.body.string.contains("<strong>Obračun</strong>"))
      #expect(previewed.body.string.contains("&lt;script&gt;"))
      #expect(!previewed.body.string.contains("<script>"))
      #expect(try await Article.query(on: app.db).filter(\.$slug == "potni-nalogi").count() == 0)

      var save = form
      save["action"] = "save"
      let saved = try await browser.post(SiteURL.workspaceNewArticle.path, form: save)
      #expect(saved.status == .seeOther)
      let article = try #require(try await Article.query(on: app.db).filter(\.$slug == "potni-nalogi").first())
      #expect(
        saved.headers.first(name: .location) == SiteURL.workspaceArticle(.value(try article.requireID())).path
          + "?saved=1")
      #expect(article.publishedAt == clock.now)

      clock.advance(seconds: 600)
      var edit = save
      edit["title"] = "Potni nalogi in kilometrina"
      edit["slug"] = "potni-nalogi"
      edit["note"] = "Dodana kilometrina"
      edit["publishedAt"] = Wording(.sl).field(article.publishedAt!)
      let path = SiteURL.workspaceArticle(.value(try article.requireID())).path
      #expect(try await browser.post(path, form: edit).status == .seeOther)
      let page = try await browser.get(path)
      #expect(page.body.string.contains("Dodana kilometrina"))
      #expect(page.body.string.contains("Andrej Agent"))
      #expect(page.body.string.contains("<td>title</td>"))
      #expect(try await ArticleRevision.query(on: app.db).filter(\.$article.$id == article.requireID()).count() == 2)

      // The help site has it at once; the F1 key opens it.
      try await app.testing().test(.GET, "/pomoc/f1?program=PL&context=potni.nalog") { response async in
        #expect(response.headers.first(name: .location) == SiteURL.helpArticle("potni-nalogi").path)
      }
    }
  }

  @Test("a draft with problems comes back with every problem listed and the typed text kept")
  func articleEditorProblems() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let browser = TestBrowser(app)
      try await browser.signIn("agent@podpora.si", staff: true)
      let response = try await browser.post(
        SiteURL.workspaceNewArticle.path,
        form: ["action": "save", "title": "", "slug": "obracun-plac", "body": "Moje besedilo", "program": "XX"])
      #expect(response.status == .unprocessableEntity)
      let body = response.body.string
      #expect(body.contains("error-summary"))
      #expect(body.contains("Vpišite naslov"))
      #expect(body.contains("že obstaja"))
      #expect(body.contains("Tega programa ni"))
      #expect(body.contains("Moje besedilo"))
    }
  }

  @Test("agents compose and preview newsletters; only a supervisor sends, after confirming")
  func newsletterEditor() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let subscriber = Subscriber()
      subscriber.email = "bralec@demo.si"
      subscriber.token = "bralec-token-0123456789"
      subscriber.createdAt = TestApp.defaultNow
      subscriber.confirmedAt = TestApp.defaultNow
      try await subscriber.create(on: app.db)

      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      let preview = try await agent.post(
        SiteURL.workspaceNewNewsletter.path,
        form: ["action": "preview", "title": "E-novice, december 2026", "body": "## Novo\n\nNasveti za inventuro."])
      #expect(preview.body.string.contains("<h2>Novo</h2>"))
      #expect(try await Newsletter.query(on: app.db).filter(\.$title == "E-novice, december 2026").count() == 0)
      let saved = try await agent.post(
        SiteURL.workspaceNewNewsletter.path,
        form: ["action": "save", "title": "E-novice, december 2026", "body": "## Novo\n\nNasveti za inventuro."])
      #expect(saved.status == .seeOther)
      let issue = try #require(
        try await Newsletter.query(on: app.db).filter(\.$title == "E-novice, december 2026").first())
      #expect(issue.status == .draft)
      let sendPath = SiteURL.workspaceNewsletterSend(.value(try issue.requireID())).path
      #expect(try await agent.post(sendPath, form: ["confirm": "yes"]).status == .forbidden)

      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      #expect(try await supervisor.post(sendPath, form: [:]).status == .unprocessableEntity)
      let sent = try await supervisor.post(sendPath, form: ["confirm": "yes"])
      #expect(sent.status == .seeOther)
      #expect(sent.headers.first(name: .location) == SiteURL.workspaceNewsletters.path + "?sent=1")
      #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "newsletter").count() == 1)
      #expect(try await Newsletter.find(issue.id, on: app.db)?.status == .published)
    }
  }
}

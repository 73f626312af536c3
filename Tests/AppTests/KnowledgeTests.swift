import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Knowledge base: evidence, visibility, editing with revisions")
struct KnowledgeTests {
  let now = TestApp.defaultNow

  @Test("evidence for an article, a tip and a newsletter issue: kind, id and publish time")
  func evidence() async throws {
    try await TestApp.run { app, _ in
      let published = now - 10 * 86_400
      let article = try await KnowledgeFixtures.article("Članek", slug: "clanek", publishedAt: published, on: app.db)
      let tip = try await KnowledgeFixtures.article("Nasvet", kind: .tip, publishedAt: published, on: app.db)
      let issue = try await KnowledgeFixtures.newsletter("Številka", publishedAt: published, on: app.db)

      let forArticle = try await KnowledgeEvidenceQueries.evidence(
        for: .article(try article.requireID()), now: now, on: app.db)
      #expect(forArticle.kind == .article)
      #expect(forArticle.id == "a-\(try article.requireID())")
      #expect(forArticle.publishedAt == published)
      #expect(forArticle.url == "/pomoc/clanek/clanek")
      let forTip = try await KnowledgeEvidenceQueries.evidence(for: .article(try tip.requireID()), now: now, on: app.db)
      #expect(forTip.kind == .article)
      let forIssue = try await KnowledgeEvidenceQueries.evidence(
        for: .newsletter(try issue.requireID()), now: now, on: app.db)
      #expect(forIssue.kind == .newsletter)
      #expect(forIssue.id == "n-\(try issue.requireID())")

      #expect(KnowledgeEvidenceQueries.counts(forArticle, forRequestSubmittedAt: now))
      #expect(!KnowledgeEvidenceQueries.counts(forArticle, forRequestSubmittedAt: published - 1))
    }
  }

  @Test("drafts, items not yet published and staff-only articles are no evidence")
  func noEvidence() async throws {
    try await TestApp.run { app, _ in
      let draft = try await KnowledgeFixtures.article("Osnutek", status: .draft, publishedAt: nil, on: app.db)
      let later = try await KnowledgeFixtures.article("Kasneje", publishedAt: now + 60, on: app.db)
      let staffOnly = try await KnowledgeFixtures.article("Interno", visibility: .staff, on: app.db)
      let draftIssue = try await KnowledgeFixtures.newsletter("Osnutek", status: .draft, publishedAt: nil, on: app.db)
      for (reference, expected) in [
        (
          KnowledgeReference.article(try draft.requireID()),
          KnowledgeEvidenceError.notPublished("a-\(try draft.requireID())")
        ),
        (.article(try later.requireID()), .notPublished("a-\(try later.requireID())")),
        (.article(try staffOnly.requireID()), .notForCustomers("a-\(try staffOnly.requireID())")),
        (.newsletter(try draftIssue.requireID()), .notPublished("n-\(try draftIssue.requireID())")),
        (.article(999_999), .notFound("a-999999")), (.newsletter(999_999), .notFound("n-999999")),
      ] {
        await #expect(throws: expected) {
          try await KnowledgeEvidenceQueries.evidence(for: reference, now: now, on: app.db)
        }
      }
    }
  }

  @Test("evidence ids parse both ways", arguments: [("a-17", KnowledgeReference.article(17)), ("N-2", .newsletter(2))])
  func references(text: String, reference: KnowledgeReference) {
    #expect(KnowledgeReference(id: text) == reference)
    #expect(reference.id == text.lowercased())
  }

  @Test("nonsense ids are refused", arguments: ["", "a-", "a-x", "x-1", "a-0", "a--1", "17"])
  func badReferences(text: String) {
    #expect(KnowledgeReference(id: text) == nil)
  }

  @Test("visibleArticles: public for everyone, customers' for signed-in contacts, all for staff; never drafts or later")
  func visibleArticles() async throws {
    try await TestApp.run { app, _ in
      try await KnowledgeFixtures.article("Javno", on: app.db)
      try await KnowledgeFixtures.article("Stranke", visibility: .customers, on: app.db)
      try await KnowledgeFixtures.article("Osebje", visibility: .staff, on: app.db)
      try await KnowledgeFixtures.article("Osnutek", status: .draft, publishedAt: nil, on: app.db)
      try await KnowledgeFixtures.article("Pozneje", publishedAt: now + 1, on: app.db)
      func titles(_ viewer: KnowledgeViewer) async throws -> Set<String> {
        Set(try await KnowledgeQueries.visibleArticles(for: viewer, now: now, on: app.db).all().map(\.title))
      }
      #expect(try await titles(.anonymous) == ["Javno"])
      #expect(try await titles(.customer) == ["Javno", "Stranke"])
      #expect(try await titles(.staff) == ["Javno", "Stranke", "Osebje"])
    }
  }

  @Test("every save records a revision: who, when, and which fields changed")
  func revisions() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let editor = try #require(try await StaffUser.query(on: app.db).filter(\.$email == "agent@podpora.si").first())
      var draft = ArticleDraft()
      draft.title = "Potni nalogi"
      draft.bodyMarkdown = "Potni nalog vnesete v meniju **Obračun → Potni nalogi**."
      draft.programCode = "pl"
      draft.tags = "Potni nalog, kilometrina,potni nalog"
      draft.f1Context = "Potni.Nalog"
      let article = try await ArticleService.save(
        draft, articleID: nil, editorID: editor.id, now: clock.now, dialect: app.dialect, on: app.db)
      #expect(article.slug == "potni-nalogi")
      #expect(article.status == .draft)
      #expect(article.publishedAt == nil)
      #expect(article.tags == "potni nalog,kilometrina")
      #expect(article.f1Context == "potni.nalog")

      clock.advance(seconds: 3600)
      draft.status = .published
      draft.bodyMarkdown += "\n\nKilometrina se obračuna samodejno."
      draft.note = "Objava"
      try await ArticleService.save(
        draft, articleID: article.id, editorID: editor.id, now: clock.now, dialect: app.dialect, on: app.db)

      let history = try await ArticleService.history(articleID: try article.requireID(), on: app.db)
      #expect(history.count == 2)
      #expect(history[0].changed == ["body", "publishedAt", "status"])
      #expect(history[0].editor == "Andrej Agent")
      #expect(history[0].note == "Objava")
      #expect(history[0].at == clock.now)
      #expect(history[1].changed == ["created"])

      // Published now: the F1 key of PL opens it and the search finds it.
      try await app.testing().test(.GET, "/pomoc/f1?program=PL&context=potni.nalog") { response async in
        #expect(response.headers.first(name: .location) == SiteURL.helpArticle("potni-nalogi").path)
      }
      let results = try await SearchQueries.search("kilometrina", viewer: .anonymous, now: clock.now, on: app.db)
      #expect(results.knowledge.map(\.title) == ["Potni nalogi"])
    }
  }

  @Test("a draft with problems is refused with every problem at once and nothing is saved")
  func validation() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let revisionsBefore = try await ArticleRevision.query(on: app.db).count()
      var draft = ArticleDraft()
      draft.slug = "obracun-plac"
      draft.programCode = "XX"
      draft.f1Context = "ni veljaven!"
      await #expect(
        throws: ArticleProblems(problems: [.titleMissing, .bodyMissing, .slugTaken, .programUnknown, .f1Invalid])
      ) {
        try await ArticleService.save(draft, articleID: nil, editorID: nil, now: now, dialect: app.dialect, on: app.db)
      }
      var general = ArticleDraft()
      general.title = "Splošno"
      general.bodyMarkdown = "x"
      general.f1Context = "okno.x"
      await #expect(throws: ArticleProblems(problems: [.f1NeedsProgram])) {
        try await ArticleService.save(
          general, articleID: nil, editorID: nil, now: now, dialect: app.dialect, on: app.db)
      }
      #expect(try await ArticleRevision.query(on: app.db).count() == revisionsBefore)
    }
  }
}

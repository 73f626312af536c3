import Fluent
import Foundation
import Vapor
import Wording

/// Staff editing of the knowledge base and the e-newsletter: articles with preview and history, newsletter
/// issues composed in Markdown, previewed and sent. Agents edit; supervisors send newsletters.
struct WorkspaceKnowledgeController {
  struct ArticleForm: Content {
    var action: String?
    var title: String?
    var slug: String?
    var kind: String?
    var program: String?
    var f1: String?
    var tags: String?
    var body: String?
    var visibility: String?
    var status: String?
    var publishedAt: String?
    var note: String?

    /// The draft, the publication time read in the policy's zone.
    func draft(_ w: Wording) -> ArticleDraft {
      var draft = ArticleDraft()
      draft.title = String((title ?? "").prefix(500))
      draft.slug = String((slug ?? "").prefix(200))
      draft.kind = ArticleKind(rawValue: kind ?? "") ?? .article
      draft.programCode = String((program ?? "").prefix(16))
      draft.f1Context = String((f1 ?? "").prefix(200))
      draft.tags = String((tags ?? "").prefix(1000))
      draft.bodyMarkdown = String((body ?? "").prefix(200_000))
      draft.visibility = ArticleVisibility(rawValue: visibility ?? "") ?? .public
      draft.status = PublicationStatus(rawValue: status ?? "") ?? .draft
      draft.publishedAt = publishedAt.flatMap(w.instant(field:))
      draft.note = String((note ?? "").prefix(500))
      return draft
    }
  }

  func articles(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    let filter = String(((try? req.query.get(String.self, at: "q")) ?? "").prefix(200))
    var query = Article.query(on: req.db).sort(\.$updatedAt, .descending).sort(\.$id, .descending)
    if !filter.isEmpty { query = query.filter(\.$title ~~ filter) }
    let articles = try await query.limit(300).all()
    let codes = Dictionary(
      uniqueKeysWithValues: try await KnowledgeQueries.programs(on: req.db).compactMap { program in
        program.id.map { ($0, program.code) }
      })
    let notice = (try? req.query.get(String.self, at: "saved")) == nil ? nil : req.language.pick("Shranjeno.", "Saved.")
    return html(
      WorkspaceArticleListPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, articles: articles, programCodes: codes, filter: filter,
          notice: notice)))
  }

  func newArticle(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    return try await editor(req, articleID: nil, draft: ArticleDraft())
  }

  func article(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    let article = try await findArticle(req)
    let code = try await article.$program.get(on: req.db)?.code ?? ""
    let notice = (try? req.query.get(String.self, at: "saved")) == nil ? nil : req.language.pick("Shranjeno.", "Saved.")
    return try await editor(
      req, articleID: try article.requireID(), draft: ArticleDraft(article, programCode: code), notice: notice,
      publicPath: article.status == .published ? SiteURL.helpArticle(.value(article.slug)).path : nil)
  }

  /// Saves (a revision every time) or, with `action=preview`, shows the rendered Markdown without saving.
  func saveArticle(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    let articleID: Int? = req.parameters.get(.id).map { Int($0) ?? -1 }
    if let articleID, articleID < 1 { throw Abort(.notFound) }
    if let articleID { _ = try await findArticle(req, id: articleID) }
    let form = try req.content.decode(ArticleForm.self)
    let draft = form.draft(req.wording)
    if form.action == "preview" {
      return try await editor(req, articleID: articleID, draft: draft, preview: draft.bodyMarkdown)
    }
    do {
      let article = try await ArticleService.save(
        draft, articleID: articleID, editorID: staff.id, now: req.clock.now, dialect: req.dialect, on: req.db)
      return req.redirect(toPath: SiteURL.workspaceArticle(.value(try article.requireID())).path + "?saved=1")
    } catch let problems as ArticleProblems {
      return try await editor(
        req, articleID: articleID, draft: draft, problems: problems.problems, status: .unprocessableEntity)
    }
  }

  // MARK: Newsletters

  struct NewsletterForm: Content {
    var action: String?
    var title: String?
    var body: String?
  }

  func newsletters(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    let issues = try await Newsletter.query(on: req.db).sort(\.$createdAt, .descending).sort(\.$id, .descending)
      .limit(300).all()
    let notice = (try? req.query.get(Int.self, at: "sent")).map {
      req.language.pick("V čakalno vrsto za pošiljanje: \($0) sporočil.", "Queued for sending: \($0) messages.")
    }
    return html(
      WorkspaceNewsletterListPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, issues: issues,
          confirmedSubscribers: try await confirmedSubscribers(req), notice: notice)))
  }

  func newNewsletter(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    return try await newsletterEditor(req, issue: nil, title: "", body: "")
  }

  func newsletter(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    let issue = try await findNewsletter(req)
    let notice = (try? req.query.get(String.self, at: "saved")) == nil ? nil : req.language.pick("Shranjeno.", "Saved.")
    return try await newsletterEditor(req, issue: issue, title: issue.title, body: issue.bodyMarkdown, notice: notice)
  }

  func saveNewsletter(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    let issue: Newsletter? = req.parameters.get(.id) == nil ? nil : try await findNewsletter(req)
    let form = try req.content.decode(NewsletterForm.self)
    let title = String((form.title ?? "").prefix(500))
    let body = String((form.body ?? "").prefix(200_000))
    if form.action == "preview" {
      return try await newsletterEditor(req, issue: issue, title: title, body: body, preview: body)
    }
    do {
      let saved = try await NewsletterService(req.application).saveIssue(
        id: issue?.id, title: title, bodyMarkdown: body, publish: form.action == "publish", now: req.clock.now,
        on: req.db)
      return req.redirect(toPath: SiteURL.workspaceNewsletter(.value(try saved.requireID())).path + "?saved=1")
    } catch let abort as Abort where abort.status == .unprocessableEntity {
      return try await newsletterEditor(
        req, issue: issue, title: title, body: body, error: abort.reason, status: .unprocessableEntity)
    }
  }

  /// Queues the issue for every confirmed subscriber (`NewsletterService.send`); supervisors only.
  func sendNewsletter(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    let issue = try await findNewsletter(req)
    guard (try? req.content.get(String.self, at: "confirm")) == "yes" else {
      return try await newsletterEditor(
        req, issue: issue, title: issue.title, body: issue.bodyMarkdown,
        error: req.language.pick("Potrdite pošiljanje.", "Confirm the sending."), status: .unprocessableEntity)
    }
    let report = try await NewsletterService(req.application).send(
      newsletterID: try issue.requireID(), on: req.db, now: req.clock.now)
    return req.redirect(toPath: SiteURL.workspaceNewsletters.path + "?sent=\(report.enqueued)")
  }

  // MARK: Helpers

  private func editor(
    _ req: Request, articleID: Int?, draft: ArticleDraft, problems: [ArticleProblem] = [], preview: String? = nil,
    notice: String? = nil, publicPath: String? = nil, status: HTTPResponseStatus = .ok
  ) async throws -> Response {
    var history: [RevisionEntry] = []
    if let articleID { history = try await ArticleService.history(articleID: articleID, on: req.db) }
    return html(
      WorkspaceArticleEditorPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, articleID: articleID, draft: draft,
          programs: try await KnowledgeQueries.programs(on: req.db), problems: problems, preview: preview,
          history: history, notice: notice, publicPath: publicPath)), status: status)
  }

  private func newsletterEditor(
    _ req: Request, issue: Newsletter?, title: String, body: String, preview: String? = nil, error: String? = nil,
    notice: String? = nil, status: HTTPResponseStatus = .ok
  ) async throws -> Response {
    html(
      WorkspaceNewsletterEditorPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, issue: issue, title: title,
          body: body, preview: preview, error: error, notice: notice,
          confirmedSubscribers: try await confirmedSubscribers(req),
          canSend: (req.staffViewer?.role ?? .agent) >= .supervisor)), status: status)
  }

  private func confirmedSubscribers(_ req: Request) async throws -> Int {
    try await Subscriber.query(on: req.db).filter(\.$confirmedAt != nil).filter(\.$unsubscribedAt == nil).count()
  }

  private func findArticle(_ req: Request, id: Int? = nil) async throws -> Article {
    guard let id = id ?? req.parameters.get(.id).flatMap(Int.init),
      let article = try await Article.find(id, on: req.db)
    else { throw Abort(.notFound, reason: "Tega članka ni. / There is no such article.") }
    return article
  }

  private func findNewsletter(_ req: Request) async throws -> Newsletter {
    guard let id = req.parameters.get(.id).flatMap(Int.init), let issue = try await Newsletter.find(id, on: req.db)
    else { throw Abort(.notFound, reason: "Te številke e-novic ni. / There is no such newsletter issue.") }
    return issue
  }
}

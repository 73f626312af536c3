import Fluent
import Foundation
import Vapor

/// The public help site (`/pomoc`), F1 help, tips, the e-newsletter and the search API. Thin handlers: parse,
/// call `KnowledgeQueries` / `SearchQueries` / `NewsletterService`, render.
struct HelpController {
  func home(_ req: Request) async throws -> Response {
    let now = req.clock.now
    let viewer = req.knowledgeViewer
    let tips = try await KnowledgeQueries.tips(for: viewer, now: now, page: 1, perPage: 3, on: req.db).tips
    let issues = try await KnowledgeQueries.publishedNewsletters(now: now, on: req.db)
      .sort(\.$publishedAt, .descending).limit(3).all()
    return html(
      HelpHomePage.render(
        .init(
          wording: req.wording, csrf: req.csrfToken, programs: try await KnowledgeQueries.programs(on: req.db),
          generalArticles: try await KnowledgeQueries.generalArticles(for: viewer, now: now, on: req.db),
          latestTips: tips, latestNewsletters: issues, session: req.layoutSession)))
  }

  func program(_ req: Request) async throws -> Response {
    let code = req.parameters.get(.code) ?? ""
    guard let program = try await KnowledgeQueries.program(code: code, on: req.db) else {
      return try await unknownProgram(req, code: code)
    }
    let programID = try program.requireID()
    let (now, viewer) = (req.clock.now, req.knowledgeViewer)
    return html(
      HelpProgramPage.render(
        .init(
          wording: req.wording, program: program,
          articles: try await KnowledgeQueries.programArticles(
            programID: programID, kind: .article, for: viewer, now: now, on: req.db),
          tips: try await KnowledgeQueries.programArticles(
            programID: programID, kind: .tip, for: viewer, now: now, limit: 20, on: req.db),
          session: req.layoutSession)))
  }

  func article(_ req: Request) async throws -> Response {
    let (now, viewer) = (req.clock.now, req.knowledgeViewer)
    guard let slug = req.parameters.get(.slug),
      let article = try await KnowledgeQueries.article(slug: slug, for: viewer, now: now, on: req.db)
    else {
      throw Abort(.notFound, reason: "Tega članka ni. / There is no such article.")
    }
    let program = try await article.$program.get(on: req.db)
    let related = try await KnowledgeQueries.related(to: article, for: viewer, now: now, on: req.db)
    return html(
      HelpArticlePage.render(
        .init(
          wording: req.wording, article: article, program: program, related: related, session: req.layoutSession)))
  }

  /// `/pomoc/f1?program=PL&context=obracun.place`, the URL the desktop programs open on F1: the article
  /// registered for the context, else the best match for the context's words, else the program's page.
  /// Never a 404 for a known program. 302 Found, as F1 links expect: the target may change as articles are written.
  func f1(_ req: Request) async throws -> Response {
    let code = (try? req.query.get(String.self, at: "program")) ?? ""
    let context = (try? req.query.get(String.self, at: "context")) ?? ""
    guard !code.isEmpty else { return req.redirect(toPath: SiteURL.help.path, status: .found) }
    guard let program = try await KnowledgeQueries.program(code: code, on: req.db) else {
      return try await unknownProgram(req, code: code)
    }
    let target = try await F1Help.target(
      program: program, context: context, viewer: req.knowledgeViewer, now: req.clock.now, on: req.db)
    return req.redirect(toPath: target, fallback: SiteURL.help.path, status: .found)
  }

  func search(_ req: Request) async throws -> Response {
    let text = String(((try? req.query.get(String.self, at: "q")) ?? "").prefix(500))
    let program = try? req.query.get(String.self, at: "program")
    var results: SearchResults?
    if !text.trimmingCharacters(in: .whitespaces).isEmpty {
      results = try await SearchQueries.search(
        text, viewer: req.knowledgeViewer, programCode: program, limit: 20, now: req.clock.now, on: req.db)
    }
    return html(
      HelpSearchPage.render(
        .init(
          wording: req.wording, query: text, programCode: program.flatMap { $0.isEmpty ? nil : $0 }, results: results,
          session: req.layoutSession)))
  }

  /// `GET /api/v1/search?q=…&program=PL&limit=10`: `{"results": [SearchResult]}` for suggestions while typing.
  func apiSearch(_ req: Request) async throws -> Response {
    let text = String(((try? req.query.get(String.self, at: "q")) ?? "").prefix(500))
    let program = try? req.query.get(String.self, at: "program")
    let limit = (try? req.query.get(Int.self, at: "limit")) ?? 10
    let results = try await SearchQueries.search(
      text, viewer: req.knowledgeViewer, programCode: program, limit: limit, now: req.clock.now, on: req.db)
    let response = try await SearchResponse(results: results.all).encodeResponse(for: req)
    response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
    return response
  }

  func tips(_ req: Request) async throws -> Response {
    let page = max(1, min((try? req.query.get(Int.self, at: "stran")) ?? 1, 10_000))
    let (tips, hasMore) = try await KnowledgeQueries.tips(
      for: req.knowledgeViewer, now: req.clock.now, page: page, on: req.db)
    return html(
      HelpTipsPage.render(
        .init(wording: req.wording, tips: tips, page: page, hasMore: hasMore, session: req.layoutSession)))
  }

  func newsletters(_ req: Request) async throws -> Response {
    let issues = try await KnowledgeQueries.publishedNewsletters(now: req.clock.now, on: req.db)
      .sort(\.$publishedAt, .descending).sort(\.$id, .descending).limit(500).all()
    return html(
      NewsletterArchivePage.render(
        .init(wording: req.wording, csrf: req.csrfToken, issues: issues, session: req.layoutSession)))
  }

  func newsletter(_ req: Request) async throws -> Response {
    guard let slug = req.parameters.get(.slug),
      let issue = try await KnowledgeQueries.newsletter(slug: slug, now: req.clock.now, on: req.db)
    else {
      throw Abort(.notFound, reason: "Te številke e-novic ni. / There is no such newsletter issue.")
    }
    return html(
      NewsletterIssuePage.render(
        .init(wording: req.wording, csrf: req.csrfToken, issue: issue, session: req.layoutSession)))
  }

  // MARK: Subscription

  struct SubscribeForm: Content {
    var email: String?
  }

  func subscribePage(_ req: Request) async throws -> Response {
    subscriptionPage(req, .form(email: "", error: nil))
  }

  func subscribe(_ req: Request) async throws -> Response {
    let form = try req.content.decode(SubscribeForm.self)
    let email = String((form.email ?? "").prefix(320))
    let outcome = try await NewsletterService(req.application).subscribe(
      email: email, language: req.language, now: req.clock.now, on: req.db)
    switch outcome {
    case .invalidAddress:
      let error = req.language.pick("Vpišite veljaven e-naslov.", "Enter a valid e-mail address.")
      return subscriptionPage(req, .form(email: email, error: error), status: .unprocessableEntity)
    case .confirmationSent:
      return subscriptionPage(req, .confirmationSent)
    }
  }

  func confirm(_ req: Request) async throws -> Response {
    let token = req.parameters.get(.token) ?? ""
    let subscriber = try await NewsletterService(req.application).confirm(token: token, now: req.clock.now, on: req.db)
    return subscriptionPage(
      req, subscriber == nil ? .unknownLink : .confirmed, status: subscriber == nil ? .notFound : .ok)
  }

  /// GET of the unsubscribe link shows a button; only the POST unsubscribes.
  func unsubscribePage(_ req: Request) async throws -> Response {
    let token = req.parameters.get(.token) ?? ""
    guard let subscriber = try await NewsletterService.subscriber(token: token, on: req.db) else {
      return subscriptionPage(req, .unknownLink, status: .notFound)
    }
    if subscriber.unsubscribedAt != nil { return subscriptionPage(req, .unsubscribed) }
    return subscriptionPage(req, .confirmUnsubscribe(token: token, email: subscriber.email))
  }

  /// RFC 8058 one-click: the mail program POSTs `List-Unsubscribe=One-Click` without cookies, so this path
  /// needs no CSRF token; the unguessable token in the URL is the authorisation.
  func unsubscribe(_ req: Request) async throws -> Response {
    let token = req.parameters.get(.token) ?? ""
    let subscriber = try await NewsletterService(req.application).unsubscribe(
      token: token, now: req.clock.now, on: req.db)
    return subscriptionPage(
      req, subscriber == nil ? .unknownLink : .unsubscribed, status: subscriber == nil ? .notFound : .ok)
  }

  // MARK: Helpers

  private func subscriptionPage(
    _ req: Request, _ state: NewsletterSubscriptionPage.State, status: HTTPResponseStatus = .ok
  ) -> Response {
    html(
      NewsletterSubscriptionPage.render(
        .init(wording: req.wording, csrf: req.csrfToken, state: state, session: req.layoutSession)),
      status: status)
  }

  private func unknownProgram(_ req: Request, code: String) async throws -> Response {
    let l = req.language
    let shown = String(code.prefix(16))
    return html(
      HelpNotFoundPage.render(
        .init(
          wording: req.wording,
          what: l.pick(
            "Programa »\(shown)« ne poznamo. Izberite svoj program spodaj ali poiščite odgovor.",
            "We do not know the program “\(shown)”. Pick your program below or search for the answer."),
          programs: try await KnowledgeQueries.programs(on: req.db), session: req.layoutSession)),
      status: .notFound)
  }

}

struct SearchResponse: Content {
  var results: [SearchResult]
}

/// Where F1 help goes for a program and context key.
enum F1Help {
  static func target(
    program: Program, context: String, viewer: KnowledgeViewer, now: Date, on db: any Database
  )
    async throws -> String
  {
    let programID = try program.requireID()
    let context = F1Context.normalised(String(context.prefix(100)))
    if !context.isEmpty {
      if let article = try await KnowledgeQueries.f1Article(
        programID: programID, context: context, for: viewer, now: now, on: db)
      {
        return SiteURL.helpArticle(.value(article.slug)).path
      }
      if let match = try await SearchQueries.bestMatch(
        forContext: context, programID: programID, viewer: viewer, now: now, on: db)
      {
        return SearchQueries.url(for: match)
      }
    }
    return SiteURL.helpProgram(.value(program.code)).path
  }
}

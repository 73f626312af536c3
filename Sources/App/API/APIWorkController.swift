import Fluent
import Foundation
import SupportPolicy
import Vapor

/// The waiting list and take-next for staff tokens, the knowledge base, and the directory (organisations, contacts,
/// trainings, standing). Access is decided by each route's rule; what a caller sees by `RequestAccess`,
/// `KnowledgeQueries` and `DirectoryAccess`.
struct APIWorkController {
  struct WaitingEntry: Content, Equatable {
    /// 1 is next.
    var position: Int
    var number: String
    var subject: String
    var program: String?
    var channel: String
    var organisationId: Int
    var submittedAt: String
    var arrangedAt: String?
  }

  /// The waiting list in the policy's order; the cursor is the position to continue after.
  func waitingList(_ req: Request) async throws -> Response {
    let cursor = try APICursor(req)
    let ordered = try await WaitingListQueries.ordered(now: req.clock.now, policy: req.policy, on: req.db)
    let start = min(cursor.afterID ?? 0, ordered.count)
    let slice = Array(ordered[start..<min(start + cursor.limit, ordered.count)])
    let ids = slice.map(\.id)
    var requests: [Int: SupportRequest] = [:]
    if !ids.isEmpty {
      for request in try await SupportRequest.query(on: req.db).filter(\.$id ~~ ids).all() {
        requests[try request.requireID()] = request
      }
    }
    let programs = try await FactsQueries.programCodes(on: req.db)
    let items = slice.enumerated().compactMap { offset, entry -> WaitingEntry? in
      guard let request = requests[entry.id] else { return nil }
      return WaitingEntry(
        position: start + offset + 1, number: request.number, subject: request.subject,
        program: request.$program.id.flatMap { programs[$0] }, channel: request.channel.rawValue,
        organisationId: request.$organisation.id, submittedAt: APITime.format(request.submittedAt),
        arrangedAt: APITime.format(request.arrangedAt))
    }
    let hasMore = start + cursor.limit < ordered.count
    return try APIResponse.json(
      APIPage(
        items: items,
        next: cursor.next(path: SiteURL.apiWaitingList.path, lastID: start + slice.count, hasMore: hasMore)))
  }

  /// Claims the head of the waiting list for the token's agent (`WorkClaims.takeNext`, never one request to two).
  func takeNext(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    let key = try Idempotency.claim(req, body: [String: String]())
    return try await Idempotency.run(key, on: req.db) { try await takeNext(req, staff: staff, key: key) }
  }

  /// With an `Idempotency-Key` the answer is stored in the claim's transaction, so a retry gets the same request
  /// instead of taking a second one.
  func takeNext(_ req: Request, staff: StaffViewer, key: Idempotency.Claim?) async throws -> Response {
    let now = req.clock.now
    let outcome = try await WorkClaims.takeNext(in: req.workContext(staff), on: req.db) { db, claim in
      guard let key else { return }
      try await Idempotency.record(
        key, status: .ok, location: SiteURL.apiRequest(.value(claim.number)).path,
        body: try APIResponse.encoder.encode(try await Self.claimed(claim.requestID, now: now, on: db)), now: now,
        on: db)
    }
    switch outcome {
    case .claimed(let claim):
      if let stored = try await Idempotency.firstAnswer(key, on: req.db) { return stored }
      return try APIResponse.json(
        try await Self.claimed(claim.requestID, now: now, on: req.db),
        location: SiteURL.apiRequest(.value(claim.number)).path)
    case .nothingWaiting:
      throw APIProblem(.conflict, "nothing-waiting", "No request is waiting.")
    case .outsideHours(let rule):
      throw APIProblem(
        .conflict, "outside-hours",
        "Support is closed and no arrangement covers this moment (\(rule.id.rawValue)).")
    case .arrangedLater(let at):
      throw APIProblem(
        .conflict, "arranged-later", "Only arranged requests wait; the first is arranged for \(APITime.format(at)).")
    }
  }

  static func claimed(_ requestID: Int, now: Date, on db: any Database) async throws -> APIRequest {
    guard let request = try await SupportRequest.find(requestID, on: db) else { throw APIRequestsController.notFound }
    return try await APIRequestQueries.detail(request, now: now, policy: nil, on: db)
  }

  // MARK: Knowledge base

  struct ArticleSummary: Content, Equatable {
    var slug: String
    /// `article` or `tip`.
    var kind: String
    var title: String
    var program: String?
    var publishedAt: String?
    var url: String
  }

  struct ArticleDetail: Content, Equatable {
    var slug: String
    var kind: String
    var title: String
    var program: String?
    var publishedAt: String?
    var url: String
    var bodyMarkdown: String
    var tags: [String]
  }

  func articles(_ req: Request) async throws -> Response {
    let cursor = try APICursor(req)
    var query = KnowledgeQueries.visibleArticles(for: req.knowledgeViewer, now: req.clock.now, on: req.db)
    if let afterID = cursor.afterID { query = query.filter(\.$id > afterID) }
    let found = try await query.sort(\.$id).limit(cursor.limit + 1).all()
    let page = Array(found.prefix(cursor.limit))
    let programs = try await FactsQueries.programCodes(on: req.db)
    let items = page.map { article in
      ArticleSummary(
        slug: article.slug, kind: article.kind.rawValue, title: article.title,
        program: article.$program.id.flatMap { programs[$0] }, publishedAt: APITime.format(article.publishedAt),
        url: SiteURL.helpArticle(.value(article.slug)).path)
    }
    return try APIResponse.json(
      APIPage(
        items: items,
        next: cursor.next(path: SiteURL.apiArticles.path, lastID: page.last?.id, hasMore: found.count > cursor.limit)))
  }

  func article(_ req: Request) async throws -> Response {
    guard let slug = req.parameters.get(.slug),
      let article = try await KnowledgeQueries.article(
        slug: slug, for: req.knowledgeViewer, now: req.clock.now, on: req.db)
    else { throw APIProblem(.notFound, "not-found", "There is no such article.") }
    let programs = try await FactsQueries.programCodes(on: req.db)
    return try APIResponse.json(
      ArticleDetail(
        slug: article.slug, kind: article.kind.rawValue, title: article.title,
        program: article.$program.id.flatMap { programs[$0] }, publishedAt: APITime.format(article.publishedAt),
        url: SiteURL.helpArticle(.value(article.slug)).path, bodyMarkdown: article.bodyMarkdown,
        tags: article.tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
          !$0.isEmpty
        }))
  }

  // MARK: Directory

  static let noOrganisation = APIProblem(.notFound, "not-found", "There is no such organisation.")

  func organisations(_ req: Request) async throws -> Response {
    let cursor = try APICursor(req)
    let (rows, lastID, hasMore) = try await APIDirectoryQueries.organisations(
      scope: DirectoryAccess.organisationScope(req.viewer), afterID: cursor.afterID, limit: cursor.limit, on: req.db)
    return try APIResponse.json(
      APIPage(items: rows, next: cursor.next(path: SiteURL.apiOrganisations.path, lastID: lastID, hasMore: hasMore)))
  }

  func organisation(_ req: Request) async throws -> Response {
    guard let id = req.parameters.get(.id, as: Int.self),
      let organisation = try await APIDirectoryQueries.organisation(
        id: id, scope: DirectoryAccess.organisationScope(req.viewer), on: req.db)
    else { throw Self.noOrganisation }
    return try APIResponse.json(APIDirectoryQueries.organisation(organisation))
  }

  /// Accounting sets an organisation's standing (`PUT`, so repeating it changes nothing).
  func setStanding(_ req: Request) async throws -> Response {
    guard let id = req.parameters.get(.id, as: Int.self) else { throw Self.noOrganisation }
    let input = try req.content.decode(APIStandingChange.self)
    guard let standing = AccountStanding(rawValue: input.standing) else {
      throw APIProblem(.unprocessableEntity, "invalid-field", "standing must be \"ok\" or \"overdue\".")
    }
    guard
      let changed = try await APIDirectoryQueries.setStanding(
        organisationID: id, to: standing, by: "api-token:\(req.apiPrincipal?.tokenID ?? 0)", now: req.clock.now,
        dialect: req.dialect, on: req.db)
    else { throw Self.noOrganisation }
    return try APIResponse.json(changed)
  }

  func contacts(_ req: Request) async throws -> Response {
    let cursor = try APICursor(req)
    let organisation = try Self.intParameter(req, "organisation")
    let (rows, lastID, hasMore) = try await APIDirectoryQueries.contacts(
      scope: DirectoryAccess.organisationScope(req.viewer), organisationID: organisation, afterID: cursor.afterID,
      limit: cursor.limit, on: req.db)
    let extra = organisation.map { [URLQueryItem(name: "organisation", value: String($0))] } ?? []
    return try APIResponse.json(
      APIPage(
        items: rows, next: cursor.next(path: SiteURL.apiContacts.path, lastID: lastID, hasMore: hasMore, extra: extra)))
  }

  func trainings(_ req: Request) async throws -> Response {
    let cursor = try APICursor(req)
    let contact = try Self.intParameter(req, "contact")
    let (rows, lastID, hasMore) = try await APIDirectoryQueries.trainings(
      scope: DirectoryAccess.organisationScope(req.viewer), contactID: contact, afterID: cursor.afterID,
      limit: cursor.limit, on: req.db)
    let extra = contact.map { [URLQueryItem(name: "contact", value: String($0))] } ?? []
    return try APIResponse.json(
      APIPage(
        items: rows, next: cursor.next(path: SiteURL.apiTrainings.path, lastID: lastID, hasMore: hasMore, extra: extra)
      ))
  }

  static func intParameter(_ req: Request, _ name: String) throws -> Int? {
    guard let raw = req.query[String.self, at: name] else { return nil }
    guard let value = Int(raw), value > 0 else {
      throw APIProblem(.badRequest, "invalid-parameter", "\(name) must be a positive whole number (an id).")
    }
    return value
  }
}

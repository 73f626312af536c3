import Fluent
import Foundation

/// What an agent needs to know about the customer behind a request.
struct CustomerContext: Sendable {
  struct ProgramSetup: Sendable, Equatable {
    var code: String
    var name: String
    var underContract: Bool
    var onboarded: Bool
    var settingsInOrder: Bool
  }

  struct ContractLine: Sendable, Equatable {
    var validFrom: String
    var validTo: String?
    var programs: [String]
  }

  struct TrainingLine: Sendable, Equatable {
    var program: String
    var kind: TrainingKind
    var completedOn: String
  }

  struct EarlierRequest: Sendable, Equatable {
    var number: String
    var subject: String
    var status: RequestStatus
    var outcome: String
    var submittedAt: Date
    var contactName: String?
    var sameContact: Bool
  }

  var organisationName: String
  var taxNumber: String
  var standing: AccountStanding
  var standingChangedAt: Date?
  var contracts: [ContractLine]
  var programs: [ProgramSetup]
  var contactName: String?
  var contactEmail: String?
  var contactPhone: String?
  var newColleague: Bool
  var organisationAdmin: Bool
  var trainings: [TrainingLine]
  var earlierRequests: [EarlierRequest]
}

enum CustomerContextQueries {
  static let earlierLimit = 10

  static func context(for request: SupportRequest, on db: any Database) async throws -> CustomerContext {
    let requestID = try request.requireID()
    let organisationID = request.$organisation.id
    guard let organisation = try await Organisation.find(organisationID, on: db) else {
      throw WorkspaceError.requestNotFound
    }
    let programs = try await Program.query(on: db).sort(\.$code).all()
    let names = Dictionary(uniqueKeysWithValues: programs.compactMap { p in p.id.map { ($0, p.code) } })
    let contracts = try await Contract.query(on: db).filter(\.$organisation.$id == organisationID).with(\.$programs)
      .sort(\.$validFrom).all()
    let setups = try await OrganisationProgram.query(on: db).filter(\.$organisation.$id == organisationID).all()
    let contracted = Set(contracts.flatMap { $0.programs.map(\.code) })
    let programSetups: [CustomerContext.ProgramSetup] = programs.compactMap { program in
      let setup = setups.first { $0.$program.id == program.id }
      guard setup != nil || contracted.contains(program.code) else { return nil }
      return .init(
        code: program.code, name: program.nameSl, underContract: contracted.contains(program.code),
        onboarded: setup?.onboarded ?? false, settingsInOrder: setup?.settingsInOrder ?? false)
    }
    var contact: Contact?
    var trainings: [Training] = []
    if let contactID = request.$contact.id {
      contact = try await Contact.find(contactID, on: db)
      trainings = try await Training.query(on: db).filter(\.$contact.$id == contactID)
        .sort(\.$completedOn, .descending).all()
    }
    let earlier = try await SupportRequest.query(on: db).filter(\.$organisation.$id == organisationID)
      .filter(\.$id != requestID).sort(\.$submittedAt, .descending).with(\.$contact).limit(earlierLimit).all()
    return CustomerContext(
      organisationName: organisation.name, taxNumber: organisation.taxNumber, standing: organisation.standing,
      standingChangedAt: organisation.standingChangedAt,
      contracts: contracts.map {
        .init(validFrom: $0.validFrom, validTo: $0.validTo, programs: $0.programs.map(\.code).sorted())
      },
      programs: programSetups, contactName: contact?.name, contactEmail: contact?.email, contactPhone: contact?.phone,
      newColleague: contact?.newColleague ?? false, organisationAdmin: contact?.role == .organisationAdmin,
      trainings: trainings.map {
        .init(program: names[$0.$program.id] ?? "?", kind: $0.kind, completedOn: $0.completedOn)
      },
      earlierRequests: earlier.map {
        .init(
          number: $0.number, subject: $0.subject, status: $0.status, outcome: $0.outcome, submittedAt: $0.submittedAt,
          contactName: $0.contact?.name, sameContact: $0.$contact.id != nil && $0.$contact.id == request.$contact.id)
      })
  }
}

/// An earlier request that may have answered the same question: `paid.repeated-question` evidence to link.
struct RepeatCandidate: Sendable, Equatable {
  var requestID: Int
  var number: String
  var subject: String
  var solution: String?
  var resolvedAt: Date
  var sameContact: Bool
  /// 0 to 1: the share of this request's words the candidate covers.
  var score: Double
}

/// Repeat candidates: earlier requests of the same contact or organisation that were resolved with clear
/// instructions before this one was filed, ranked by the words they share with it.
///
/// Seam: ranking is `TextSimilarity` until the knowledge-base search's `SearchQueries.similarRequests(to:
/// organisationID:excluding:on:)` is merged; then rank its results and keep the filter here.
enum RepeatCandidates {
  static let limit = 5
  /// Resolved requests read per organisation; older ones are rarely the same question.
  static let window = 200

  static func candidates(for request: SupportRequest, on db: any Database) async throws -> [RepeatCandidate] {
    let requestID = try request.requireID()
    let earlier = try await SupportRequest.query(on: db).filter(\.$organisation.$id == request.$organisation.id)
      .filter(\.$id != requestID).filter(\.$clearInstructions == true).filter(\.$resolvedAt != nil)
      .filter(\.$resolvedAt < request.submittedAt).sort(\.$resolvedAt, .descending).limit(window).all()
    let query = TextSimilarity.terms(request.subject + " " + request.body)
    let ranked = earlier.compactMap { candidate -> RepeatCandidate? in
      guard let id = candidate.id, let resolvedAt = candidate.resolvedAt else { return nil }
      let score = TextSimilarity.score(
        query: query, title: TextSimilarity.terms(candidate.subject),
        body: TextSimilarity.terms(candidate.body + " " + (candidate.solution ?? "")))
      guard score > 0 else { return nil }
      return RepeatCandidate(
        requestID: id, number: candidate.number, subject: candidate.subject, solution: candidate.solution,
        resolvedAt: resolvedAt,
        sameContact: candidate.$contact.id != nil && candidate.$contact.id == request.$contact.id, score: score)
    }
    // The contact's own earlier requests first among equals: the policy speaks of the same contact or organisation.
    return ranked.sorted {
      if $0.score != $1.score { return $0.score > $1.score }
      if $0.sameContact != $1.sameContact { return $0.sameContact }
      return $0.resolvedAt > $1.resolvedAt
    }.prefix(limit).map { $0 }
  }
}

/// A published help-site article, tip or newsletter issue that may answer the request.
struct ArticleMatch: Sendable, Equatable {
  /// `article` (articles and tips) or `newsletter`, as `KnowledgeLink.kind`.
  var kind: String
  var itemID: Int
  var title: String
  var publishedAt: Date
  var score: Double
  /// Published at or after the request was filed: the policy ignores it as evidence.
  var publishedAfterFiling: Bool
  var linked: Bool

  var evidenceID: String { (kind == "newsletter" ? "n-" : "a-") + String(itemID) }
}

/// Matching articles for the request view: published items customers can read, ranked by shared words.
///
/// Seam: `TextSimilarity` until the knowledge-base search's `SearchQueries.matchingArticles(to:viewer:programID:
/// limit:now:on:)` is merged.
enum ArticleMatches {
  static let limit = 5

  static func matches(for request: SupportRequest, now: Date, on db: any Database) async throws -> [ArticleMatch] {
    let requestID = try request.requireID()
    let linked = Set(
      try await KnowledgeLink.query(on: db).filter(\.$request.$id == requestID).all().map { "\($0.kind)-\($0.itemID)" }
    )
    let query = TextSimilarity.terms(request.subject + " " + request.body)
    var matches: [ArticleMatch] = []
    let articles = try await Article.query(on: db).filter(\.$status == .published).filter(\.$visibility != .staff)
      .filter(\.$publishedAt <= now).all()
    for article in articles {
      guard let id = article.id, let publishedAt = article.publishedAt else { continue }
      // An article about another program does not answer this one; general articles may.
      if let program = article.$program.id, let asked = request.$program.id, program != asked { continue }
      let score = TextSimilarity.score(
        query: query, title: TextSimilarity.terms(article.title + " " + article.tags),
        body: TextSimilarity.terms(article.bodyMarkdown))
      guard score > 0 else { continue }
      matches.append(
        ArticleMatch(
          kind: "article", itemID: id, title: article.title, publishedAt: publishedAt, score: score,
          publishedAfterFiling: publishedAt >= request.submittedAt, linked: linked.contains("article-\(id)")))
    }
    let newsletters = try await Newsletter.query(on: db).filter(\.$status == .published).filter(\.$publishedAt <= now)
      .all()
    for newsletter in newsletters {
      guard let id = newsletter.id, let publishedAt = newsletter.publishedAt else { continue }
      let score = TextSimilarity.score(
        query: query, title: TextSimilarity.terms(newsletter.title), body: TextSimilarity.terms(newsletter.bodyMarkdown)
      )
      guard score > 0 else { continue }
      matches.append(
        ArticleMatch(
          kind: "newsletter", itemID: id, title: newsletter.title, publishedAt: publishedAt, score: score,
          publishedAfterFiling: publishedAt >= request.submittedAt, linked: linked.contains("newsletter-\(id)")))
    }
    return matches.sorted {
      if $0.score != $1.score { return $0.score > $1.score }
      return $0.publishedAt > $1.publishedAt
    }.prefix(limit).map { $0 }
  }
}

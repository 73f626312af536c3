import Fluent
import Foundation
import SupportPolicy

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
    var outcome: Outcome
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
}

/// Repeat candidates: earlier requests of the same contact or organisation that were resolved with clear
/// instructions before this one was filed, ranked by the search service's text similarity
/// (`SearchQueries.similarRequests`), the contact's own requests first among the organisation's.
enum RepeatCandidates {
  static let limit = 5

  static func candidates(for request: SupportRequest, on db: any Database) async throws -> [RepeatCandidate] {
    let requestID = try request.requireID()
    let similar = try await SearchQueries.similarRequests(
      to: request.subject + " " + request.body, organisationID: request.$organisation.id, excluding: requestID,
      limit: SearchQueries.maximumLimit, on: db)
    guard !similar.isEmpty else { return [] }
    let earlier = try await SupportRequest.query(on: db).filter(\.$id ~~ similar.map(\.requestID))
      .filter(\.$clearInstructions == true).filter(\.$resolvedAt != nil).filter(\.$resolvedAt < request.submittedAt)
      .all()
    let byID = Dictionary(uniqueKeysWithValues: earlier.compactMap { r in r.id.map { ($0, r) } })
    let ranked = similar.enumerated().compactMap { rank, match -> (Int, RepeatCandidate)? in
      guard let candidate = byID[match.requestID], let resolvedAt = candidate.resolvedAt else { return nil }
      return (
        rank,
        RepeatCandidate(
          requestID: match.requestID, number: candidate.number, subject: candidate.subject,
          solution: candidate.solution, resolvedAt: resolvedAt,
          sameContact: candidate.$contact.id != nil && candidate.$contact.id == request.$contact.id)
      )
    }
    // Search rank decides; among the few shown, the contact's own requests come first.
    return ranked.prefix(limit * 2).sorted {
      if $0.1.sameContact != $1.1.sameContact { return $0.1.sameContact }
      return $0.0 < $1.0
    }.prefix(limit).map(\.1)
  }
}

/// A published help-site article, tip or newsletter issue that may answer the request.
struct ArticleMatch: Sendable, Equatable {
  var reference: KnowledgeReference
  var title: String
  var url: String
  var publishedAt: Date
  /// Published at or after the request was filed: the policy ignores it as evidence.
  var publishedAfterFiling: Bool
  var linked: Bool

  var evidenceID: String { reference.id }
}

/// Matching articles for the request view: documents customers can read (staff-only articles answer nothing the
/// customer could have found), of the request's program or general, found by the search service.
enum ArticleMatches {
  static let limit = 5

  static func matches(for request: SupportRequest, now: Date, on db: any Database) async throws -> [ArticleMatch] {
    let requestID = try request.requireID()
    let linked = Set(
      try await KnowledgeLink.query(on: db).filter(\.$request.$id == requestID).all().map(\.evidenceID))
    let query = SearchQuery.anyOf(request.subject + " " + request.body, prefix: true)
    guard !query.isEmpty else { return [] }
    let scope = KnowledgeScope(
      audiences: KnowledgeViewer.customer.audiences, programID: request.$program.id, publishedBy: now)
    let found = try await SearchIndexes.for(db).knowledge(matching: query, in: scope, limit: limit, on: db.sql)
    return found.compactMap { match in
      guard let publishedAt = match.publishedAt else { return nil }
      let reference = KnowledgeReference(match)
      return ArticleMatch(
        reference: reference, title: match.title, url: SearchQueries.url(for: match), publishedAt: publishedAt,
        publishedAfterFiling: publishedAt >= request.submittedAt, linked: linked.contains(reference.id))
    }
  }
}
